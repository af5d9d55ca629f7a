package dev.loupe.engine.projection;

/**
 * What a saved projection was trained on and how it did, kept in its file's header.
 *
 * @param embedder the index's embedder name (the projection takes its vectors)
 * @param label the metadata column of the labels, or {@code folder} for the parent folder's name
 * @param seed the seed of the split, the initial map and the batches
 * @param epochs epochs run
 * @param bestEpoch the epoch kept (0 = the identity start)
 * @param validationMap validation items' mAP through the projection
 * @param validationMapWithout their mAP by the embedder's own cosine
 */
public record ProjectionInfo(String embedder, String label, long seed, int epochs, int bestEpoch,
    double validationMap, double validationMapWithout, int trainItems, int validationItems, int classes) {}
