package dev.loupe.onnx;

import java.util.Locale;

/** Spatial pooling of an [N, C, H, W] feature map into [N, C] vectors. */
enum FeaturePooling {
  NONE, AVG, MAX, GEM, CLS;

  /** The first token of item {@code item} of a row-major [N, T, D] tensor (the CLS token of a ViT). */
  static float[] firstToken(float[] all, int item, int tokens, int dim) {
    float[] out = new float[dim];
    System.arraycopy(all, item * tokens * dim, out, 0, dim);
    return out;
  }

  static FeaturePooling of(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  /**
   * Pools one item of a batch.
   *
   * @param map the whole batch, row-major [N, C, H, W]
   * @param item index of the item in the batch
   * @param channels C
   * @param spatial H * W
   * @param p GeM exponent (GeM = (mean(max(x, eps)^p))^(1/p); p = 1 is average pooling)
   */
  float[] pool(float[] map, int item, int channels, int spatial, double p) {
    float[] out = new float[channels];
    int base = item * channels * spatial;
    for (int c = 0; c < channels; c++) {
      int off = base + c * spatial;
      switch (this) {
        case AVG, NONE, CLS -> {
          double sum = 0;
          for (int i = 0; i < spatial; i++) sum += map[off + i];
          out[c] = (float) (sum / spatial);
        }
        case MAX -> {
          float m = Float.NEGATIVE_INFINITY;
          for (int i = 0; i < spatial; i++) m = Math.max(m, map[off + i]);
          out[c] = m;
        }
        case GEM -> {
          double sum = 0;
          // GeM is defined on non-negative activations; clamp like the reference implementation.
          for (int i = 0; i < spatial; i++) sum += Math.pow(Math.max(map[off + i], 1e-6), p);
          out[c] = (float) Math.pow(sum / spatial, 1.0 / p);
        }
      }
    }
    return out;
  }
}
