package dev.loupe.lucene;

import dev.loupe.core.query.Centering;
import dev.loupe.core.query.ExactDistance;
import dev.loupe.core.query.Metric;
import dev.loupe.core.query.Vectors;
import org.apache.lucene.util.VectorUtil;

/**
 * The distance from one query to stored vectors under a metric, optionally after gallery-mean centring: the
 * functions both the exact scan and the graph's re-ranking use, so both give a hit the same distance.
 *
 * <p>{@link #exact} is the reference, core's {@link ExactDistance} (shared with every other store):
 * {@link Metric#distance} on the query and the stored vector (both passed through {@link Centering#apply} when
 * centring), bit for bit what a brute-force {@link dev.loupe.testing.ExactSearch} computes. It is scalar Java, and under COSINE it recomputes both norms in double
 * precision: too slow to run on every vector of a large index.
 *
 * <p>{@link #lowerBound} is the fast path for scans: for COSINE, DOT and L2 it runs Lucene's {@link VectorUtil}
 * kernels (SIMD through the Panama vector API when {@code jdk.incubator.vector} is enabled) with the query's norm
 * computed once, then subtracts a bound on how far that result can be from the exact one. The SIMD result is not
 * used as the distance itself because it is not repeatable: its lanes are summed in another order than the
 * scalar loop, and the order even changes when the JIT compiles the kernel (the same call gives a different last
 * bit before and after warm-up), which would make rankings of equal vectors and repeated searches differ. So a
 * scan skips a vector when its lower bound cannot beat the current k-th best, and computes {@link #exact} for the
 * few that can. L1 and CORRELATION have no fast path: their lower bound is the exact distance.
 *
 * <p>An instance serves one search on one thread (it reuses a buffer for centring).
 */
final class QueryDistance {
  /** The unit roundoff of float arithmetic, 2^-24. */
  private static final double U = 0x1p-24;

  private final Metric metric;
  private final ExactDistance exact;
  /** The query as compared: centred and normalized when centring. */
  private final float[] query;
  private final float queryNorm;
  /** The gallery mean, or null for no centring. */
  private final float[] mean;
  private final float[] centred;
  /**
   * n·u for n dimensions: the classic bound on the relative error of an n-term float sum in any order (Higham's
   * gamma_n), which covers both the SIMD kernel and the scalar reference.
   */
  private final double gamma;

  QueryDistance(float[] query, Metric metric, Centering centering) {
    this.metric = metric;
    this.exact = new ExactDistance(query, metric, centering);
    this.mean = centering == null ? null : centering.mean();
    this.query = exact.query();
    this.queryNorm = Vectors.norm(this.query);
    this.centred = centering == null ? null : new float[query.length];
    this.gamma = query.length * U;
  }

  /** Whether {@link #lowerBound} already is the exact distance (no fast path for the metric). */
  boolean boundIsExact() {
    return !hasFastPath();
  }

  private boolean hasFastPath() {
    return metric == Metric.COSINE || metric == Metric.DOT || metric == Metric.L2;
  }

  /** The metric's exact distance from the query to a stored vector (which is not modified or kept). */
  float exact(float[] stored) {
    return exact.to(stored);
  }

  /**
   * A value no greater than {@link #exact}, computed with SIMD kernels; {@code -Infinity} when no useful bound
   * can be given (the exact distance then has to be computed).
   */
  float lowerBound(float[] stored) {
    if (!hasFastPath()) return exact(stored);
    float[] v = mean == null ? stored : centre(stored);
    double bound = switch (metric) {
      case COSINE -> cosineBound(v);
      case DOT -> dotBound(v);
      default -> l2Bound(v);
    };
    return Double.isNaN(bound) ? Float.NEGATIVE_INFINITY : (float) bound;
  }

  /*
   * The slacks below are twice what the error analysis gives: the SIMD and the scalar sums each err by at most
   * gamma·Σ|terms| from the true sum, so they differ by at most 2·gamma·Σ|terms|; the norms, divisions, the
   * SIMD-normed centring (see centre) and the final roundings add a few units of roundoff. A larger slack only
   * sends a few more near-threshold vectors to the exact computation; a smaller one could skip a true hit.
   */

  /** COSINE: 1 - cos, with cos in [-1, 1], so the slack is absolute. */
  private double cosineBound(float[] v) {
    // A zero query compares as cosine 0 with everything: the exact distance is 1 for every vector.
    if (queryNorm == 0) return 1;
    float norm = (float) Math.sqrt(VectorUtil.dotProduct(v, v));
    // A zero (or underflowing) stored vector: let the exact path decide.
    if (!(norm > 0) || !Float.isFinite(norm)) return Double.NEGATIVE_INFINITY;
    double cos = VectorUtil.dotProduct(query, v) / ((double) queryNorm * norm);
    return 1 - cos - (2 * (3 * gamma + 8 * U));
  }

  /** DOT: -q·v, off by at most about 2·gamma·|q||v|. */
  private double dotBound(float[] v) {
    double norm = Math.sqrt(VectorUtil.dotProduct(v, v));
    double dot = VectorUtil.dotProduct(query, v);
    return -dot - 2 * (3 * gamma + 8 * U) * queryNorm * norm - Float.MIN_NORMAL;
  }

  /**
   * L2: |q - v| from a sum of non-negative squares, so the error is relative to the distance itself; under
   * centring the stored vector's scale may differ by about gamma, which moves it by up to gamma·|v| = gamma.
   */
  private double l2Bound(float[] v) {
    double distance = Math.sqrt(VectorUtil.squareDistance(query, v));
    double slack = 2 * (2 * gamma + 8 * U) * distance;
    if (mean != null) slack += 2 * (gamma + 8 * U);
    // Sums of subnormal squares round differently; their square roots stay below 1e-16.
    return distance - slack - 1e-15;
  }

  /**
   * {@code normalize(v - mean)} into the reused buffer, as {@link Centering#apply} computes it but with a SIMD
   * norm: the result differs from Centering.apply's only by a scale within about gamma/2 of 1 (and a roundoff
   * per component), which the bounds allow for.
   */
  private float[] centre(float[] v) {
    float[] out = centred;
    for (int i = 0; i < out.length; i++) out[i] = v[i] - mean[i];
    float norm = (float) Math.sqrt(VectorUtil.dotProduct(out, out));
    if (norm > 0) {
      for (int i = 0; i < out.length; i++) out[i] /= norm;
    }
    return out;
  }
}
