package dev.loupe.core.explain;

import dev.loupe.core.image.RgbImage;

/**
 * Gives the feature map an embedder pools into its vector, for one image at a time: what similarity heat maps are
 * drawn from. Holds its own model session (a second one beside the embedder's, with the map as an extra output);
 * close it when done. Thread-safe.
 */
public interface SpatialEmbedder extends AutoCloseable {

  /** Whether the pooled map is normalised to unit length to make the embedding. */
  boolean normalized();

  /** The feature map of {@code image}, with the region of the image it covers. */
  SpatialFeatures features(RgbImage image);

  @Override
  default void close() {}
}
