package dev.loupe.engine.text;

import java.util.List;

/**
 * What a trained text tower was trained for and how, saved in its file's header.
 *
 * @param imageEmbedder name of the image embedder whose vectors were the targets
 * @param imageChecksum {@link TowerIdentity#embedderChecksum} of that embedder's descriptor
 * @param indexIdentity {@link TowerIdentity#indexChecksum} of the probe items' stored vectors
 * @param probeIds the training items whose stored vectors identify the index
 * @param column the metadata column the texts came from
 * @param fromLabels whether the texts were "a photo of a LABEL" built from that column
 * @param seed seed of the train/validation split
 * @param validation fraction of the items held back for choosing lambda
 * @param lambda the ridge penalty chosen on the validation split
 * @param trainPairs pairs the weights were fitted on
 * @param validationPairs pairs held back
 * @param base the text base ({@link TextBase#name()}); towers of format version 1 have none and are TF-IDF
 * @param baseChecksum {@link TextBase#checksum()} of the base it was trained on; a tower is refused with another
 * @param objective {@link Objective#label()}; towers before format version 3 have none and are ridge towers
 * @param logitScale zero-shot temperature: learned by a contrastive tower, fitted on the held-back pairs for a
 *     ridge one; 0 in towers before format version 3 (the CLIP value is used)
 */
public record TowerInfo(String imageEmbedder, String imageChecksum, String indexIdentity, List<String> probeIds,
    String column, boolean fromLabels, long seed, double validation, double lambda, int trainPairs,
    int validationPairs, String base, String baseChecksum, String objective, double logitScale) {
  public TowerInfo {
    probeIds = List.copyOf(probeIds);
    if (base == null) base = TfidfBase.NAME;
    if (baseChecksum == null) baseChecksum = "";
    objective = objective == null ? Objective.RIDGE.label() : Objective.parse(objective).label();
    if (objective.equals(Objective.AUTO.label())) throw new IllegalArgumentException("a tower records the objective it kept");
  }
}
