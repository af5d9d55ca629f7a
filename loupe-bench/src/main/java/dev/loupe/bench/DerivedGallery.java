package dev.loupe.bench;

import dev.loupe.core.query.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * A large gallery derived from a few thousand real embeddings, for benchmarks that need more vectors than the
 * shared images give: the real vectors first, then random convex mixes of two real vectors plus small Gaussian
 * noise, clipped at 0 and re-normalised. The seed is fixed, so every run and every benchmark (search, vectors)
 * builds the same set from the same real vectors.
 *
 * <p>It keeps the real vectors' scale and sparsity pattern (MobileNetV2's pooled features are non-negative), but
 * it is not a photo collection: recall on it estimates a graph's quality, not retrieval quality.
 */
public final class DerivedGallery {
  /** The seed every benchmark uses; results are comparable across runs only with the same seed. */
  public static final long SEED = 42;

  private DerivedGallery() {}

  /** The first {@code n} vectors of the derived gallery, in memory (fine up to a few hundred thousand). */
  public static List<float[]> mix(List<float[]> real, int n) {
    List<float[]> out = new ArrayList<>(n);
    mix(real, n, out::add);
    return out;
  }

  /**
   * Streams the first {@code n} vectors of the derived gallery to {@code sink}, in order, without keeping them:
   * a million 1280-d vectors are 5.1 GB, more than a benchmark should hold as arrays.
   */
  public static void mix(List<float[]> real, int n, Consumer<float[]> sink) {
    if (real.isEmpty()) throw new IllegalArgumentException("no real vectors to derive a gallery from");
    if (n < 0) throw new IllegalArgumentException("n must be at least 0, got: " + n);
    Random random = new Random(SEED);
    int dim = real.get(0).length;
    int copied = Math.min(n, real.size());
    for (int i = 0; i < copied; i++) sink.accept(real.get(i));
    for (int made = copied; made < n; made++) {
      float[] a = real.get(random.nextInt(real.size()));
      float[] b = real.get(random.nextInt(real.size()));
      float w = 0.5f + 0.5f * random.nextFloat();
      float[] v = new float[dim];
      for (int i = 0; i < dim; i++) v[i] = Math.max(0, w * a[i] + (1 - w) * b[i] + 0.01f * (float) random.nextGaussian());
      sink.accept(Vectors.normalizeInPlace(v));
    }
  }
}
