package dev.loupe.bench.jmh;

import dev.loupe.core.query.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Vectors for the microbenchmarks: unit vectors of the real model's width, drawn around a few hundred random
 * centres so that an HNSW graph over them has clusters to find, as real embeddings do. Fixed seed: every fork
 * and every run measures the same data. Latency of a distance does not depend on the values; an HNSW search
 * does, which is why the table benchmark ({@code scripts/bench search}) uses real embeddings.
 */
final class BenchVectors {
  /** Width of mobilenetv2-tf2-ptq's pooled feature, the default model. */
  static final int DIMENSION = 1280;

  private BenchVectors() {}

  static List<float[]> clustered(int count, int dimension, long seed) {
    Random random = new Random(seed);
    int centres = Math.max(1, Math.min(256, count / 40));
    List<float[]> centre = new ArrayList<>(centres);
    for (int c = 0; c < centres; c++) centre.add(gaussian(random, dimension, 1f));
    List<float[]> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      float[] c = centre.get(random.nextInt(centres));
      float[] v = gaussian(random, dimension, 0.5f);
      for (int d = 0; d < dimension; d++) v[d] += c[d];
      out.add(Vectors.normalizeInPlace(v));
    }
    return out;
  }

  private static float[] gaussian(Random random, int dimension, float sigma) {
    float[] v = new float[dimension];
    for (int d = 0; d < dimension; d++) v[d] = sigma * (float) random.nextGaussian();
    return v;
  }
}
