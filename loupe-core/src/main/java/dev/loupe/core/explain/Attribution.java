package dev.loupe.core.explain;

import java.util.Objects;

/**
 * Splits a cosine score into the contributions of the locations of one side's feature map.
 *
 * <p>The math, for global average pooling (the default model's case). The hit's map has L locations with
 * features {@code f_l} (C channels each); its pooled vector is {@code p = (1/L) sum_l f_l} and its embedding
 * {@code v = p / |p|} (or {@code v = p} for a model whose vectors are not normalised, then {@code |p|} reads 1
 * below). With {@code mu} the gallery mean of a centred index (0 otherwise) and the query's embedding {@code q},
 * the store compares {@code q~ = (q - mu) / |q - mu|} with {@code (v - mu) / |v - mu|}:
 *
 * <pre>
 *   score = &lt;q~, v - mu&gt; / |v - mu|
 *         = sum_l &lt;q~, f_l / |p| - mu / L&gt; / |v - mu|          since v - mu = (1/L) sum_l (f_l / |p|) - mu
 *         = sum_l c_l,   c_l = &lt;q~, f_l / (L |p|) - mu / L&gt; / |v - mu|
 * </pre>
 *
 * The {@code c_l} sum to the score exactly: the pooling is linear, and the normalisations are the same constants
 * for every location. The centring term {@code -<q~, mu> / (L |v - mu|)} is the same for every location: it moves
 * the whole map down by what every image shares. Everything before the pooling (ReLU6, int8 weights, quantized
 * activations) only produces the {@code f_l}; it does not make the split approximate.
 *
 * <p>For max and GeM pooling each location's share of a channel ({@link SpatialPooling}) takes the place of {@code
 * f_lc / L}; the contributions still sum to the score, but they describe a first-order split, not what removing a
 * region would do.
 *
 * <p>The reverse map (which region of the query matched the hit) is the same computation with the roles swapped:
 * the query's map against the hit's embedding.
 */
public final class Attribution {
  private Attribution() {}

  /**
   * The per-location contributions of {@code map}'s side to its cosine score against {@code other}.
   *
   * @param map the feature map of the side to explain
   * @param normalized whether the embedding is the pooled vector normalised to unit length
   * @param other the other side's embedding, as the store compares it (before centring)
   * @param mean the gallery mean of a centred index, or null
   */
  public static ContributionGrid explain(SpatialFeatures map, boolean normalized, float[] other, float[] mean) {
    Objects.requireNonNull(map, "map");
    Objects.requireNonNull(other, "other");
    int c = map.channels();
    if (other.length != c) {
      throw new IllegalArgumentException("the other vector has " + other.length + " dimensions, the map " + c + " channels");
    }
    if (mean != null && mean.length != c) {
      throw new IllegalArgumentException("the mean has " + mean.length + " dimensions, the map " + c + " channels");
    }
    float[] p = map.pooled();
    double norm = normalized ? norm(p) : 1;
    if (norm == 0) throw new IllegalArgumentException("the map pools to a zero vector: no direction to explain");
    double[] a = new double[c]; // v - mu
    double[] q = new double[c]; // q~ before its normalisation
    for (int i = 0; i < c; i++) {
      double mu = mean == null ? 0 : mean[i];
      a[i] = p[i] / norm - mu;
      q[i] = other[i] - mu;
    }
    double na = norm(a);
    double nq = norm(q);
    if (na == 0 || nq == 0) throw new IllegalArgumentException("a vector equals the mean: its cosine is undefined");
    int l = map.locations();
    double[][] share = map.shares();
    double[] out = new double[l];
    for (int loc = 0; loc < l; loc++) {
      double dot = 0;
      for (int i = 0; i < c; i++) {
        double mu = mean == null ? 0 : mean[i];
        dot += q[i] * (share[loc][i] / norm - mu / l);
      }
      out[loc] = dot / (na * nq);
    }
    return new ContributionGrid(map.height(), map.width(), out, map.seen());
  }

  private static double norm(float[] v) {
    double s = 0;
    for (float x : v) s += (double) x * x;
    return Math.sqrt(s);
  }

  private static double norm(double[] v) {
    double s = 0;
    for (double x : v) s += x * x;
    return Math.sqrt(s);
  }
}
