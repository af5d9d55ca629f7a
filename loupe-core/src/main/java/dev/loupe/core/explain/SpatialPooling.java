package dev.loupe.core.explain;

/**
 * How a spatial feature map becomes the embedding: the pooling a {@link SpatialFeatures} map went through, and how
 * each location's share of a pooled channel is counted ({@link Attribution}).
 */
public enum SpatialPooling {
  /** Global average pooling: {@code v_c = (1/L) sum_l f_lc}; a location's share is exactly {@code f_lc / L}. */
  AVG,
  /** Max pooling: the whole channel value is the arg-max location's. */
  MAX,
  /**
   * Generalised mean {@code v_c = ((1/L) sum_l max(f_lc, eps)^p)^(1/p)}: each location gets the fraction {@code
   * f_lc^p / sum_l f_lc^p} of {@code v_c} (exact in sum, first-order as an effect: removing a location would
   * change the other locations' fractions too).
   */
  GEM
}
