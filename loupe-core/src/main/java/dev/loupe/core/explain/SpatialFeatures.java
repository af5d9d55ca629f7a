package dev.loupe.core.explain;

import java.util.Objects;

/**
 * The feature map of one image just before the spatial pooling that makes its embedding: {@code channels} x
 * {@code height} x {@code width} values, row-major as ONNX's NCHW without the batch ({@code values[(c * height + y)
 * * width + x]}), and the part of the image the model saw. Cell ({@code y}, {@code x}) stands for the {@code
 * 1/width} x {@code 1/height} tile of {@code seen} at that position (its nominal region; the network's receptive
 * field is wider).
 *
 * @param channels C
 * @param height H (rows)
 * @param width W (columns)
 * @param values C·H·W activations (held, not copied: a map is tens of thousands of floats; do not change them)
 * @param pooling how the map is pooled into the embedding
 * @param gemP the GeM exponent (used with {@link SpatialPooling#GEM} only)
 * @param seen the part of the image the map covers
 */
public record SpatialFeatures(int channels, int height, int width, float[] values, SpatialPooling pooling,
    double gemP, SeenRegion seen) {
  /** GeM's clamp of non-positive activations, as the pooling itself applies it. */
  static final double GEM_EPS = 1e-6;

  public SpatialFeatures {
    if (channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException("map shape must be positive, got: " + channels + "x" + height + "x" + width);
    }
    Objects.requireNonNull(values, "values");
    if ((long) channels * height * width != values.length) {
      throw new IllegalArgumentException("map " + channels + "x" + height + "x" + width + " needs "
          + (long) channels * height * width + " values, got: " + values.length);
    }
    Objects.requireNonNull(pooling, "pooling");
    Objects.requireNonNull(seen, "seen");
    if (pooling == SpatialPooling.GEM && !(gemP > 0)) throw new IllegalArgumentException("gemP must be positive, got: " + gemP);
  }

  /** L = H·W locations. */
  public int locations() {
    return height * width;
  }

  /** The activation of channel {@code c} at location {@code l} (row-major {@code y * width + x}). */
  public float at(int c, int l) {
    return values[c * locations() + l];
  }

  /** The pooled vector before any normalisation: what the model's own pooling gives from this map. */
  public float[] pooled() {
    int l = locations();
    float[] out = new float[channels];
    for (int c = 0; c < channels; c++) {
      double acc = pooling == SpatialPooling.MAX ? Double.NEGATIVE_INFINITY : 0;
      for (int i = 0; i < l; i++) {
        double f = at(c, i);
        switch (pooling) {
          case AVG -> acc += f;
          case MAX -> acc = Math.max(acc, f);
          case GEM -> acc += Math.pow(Math.max(f, GEM_EPS), gemP);
        }
      }
      out[c] = (float) switch (pooling) {
        case AVG -> acc / l;
        case MAX -> acc;
        case GEM -> Math.pow(acc / l, 1.0 / gemP);
      };
    }
    return out;
  }

  /**
   * Each location's share of each pooled channel, {@code share[l][c]}, summing over {@code l} to {@link #pooled()}'s
   * {@code v_c} (see {@link SpatialPooling} for each rule).
   */
  double[][] shares() {
    int l = locations();
    float[] pooled = pooled();
    double[][] share = new double[l][channels];
    for (int c = 0; c < channels; c++) {
      switch (pooling) {
        case AVG -> {
          for (int i = 0; i < l; i++) share[i][c] = (double) at(c, i) / l;
        }
        case MAX -> {
          int best = 0;
          for (int i = 1; i < l; i++) if (at(c, i) > at(c, best)) best = i;
          share[best][c] = pooled[c];
        }
        case GEM -> {
          double total = 0;
          double[] w = new double[l];
          for (int i = 0; i < l; i++) total += w[i] = Math.pow(Math.max(at(c, i), GEM_EPS), gemP);
          for (int i = 0; i < l; i++) share[i][c] = pooled[c] * w[i] / total;
        }
      }
    }
    return share;
  }
}
