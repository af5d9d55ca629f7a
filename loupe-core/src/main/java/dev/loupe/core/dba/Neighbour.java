package dev.loupe.core.dba;

/**
 * One gallery neighbour of an item, as database-side augmentation weighs it.
 *
 * @param id the neighbour's item id
 * @param score its similarity to the item (the index's metric, centred when the index centres)
 * @param vector its own (raw) vector
 */
public record Neighbour(String id, float score, float[] vector) {}
