package dev.loupe.core.explain;

import dev.loupe.core.embed.Embedder;

/**
 * An embedder that may have a spatial feature map before its pooling. Embedders without one (raw pixels, text,
 * ensembles, transformers read at their CLS token) do not implement it, and {@link #of} says so.
 */
public interface SpatialMapSource {

  /**
   * Opens access to the feature map.
   *
   * @throws ExplainUnavailableException when this embedder's vector is not a spatial pooling of a map, with the
   *     reason
   */
  SpatialEmbedder openSpatial();

  /** The spatial map of {@code embedder}, or the reason there is none. */
  static SpatialEmbedder of(Embedder embedder, String name) {
    if (embedder instanceof SpatialMapSource s) return s.openSpatial();
    throw new ExplainUnavailableException("model " + name + " has no spatial feature map to explain a match with"
        + " (heat maps need a CNN whose vector pools a [C, H, W] map: avg, max or gem pooling)");
  }
}
