package dev.loupe.engine.query;

/**
 * One zero-shot label of an image.
 *
 * @param label the label as given (before the prompt template)
 * @param similarity cosine of the image's and the prompt's vectors
 * @param probability softmax of the scaled similarities over all labels
 */
public record LabelScore(String label, float similarity, double probability) {}
