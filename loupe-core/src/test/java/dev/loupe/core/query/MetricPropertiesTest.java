package dev.loupe.core.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.FloatRange;

/**
 * Laws every metric must obey, checked on random vectors (jqwik shrinks any counter-example to a small one).
 * Tolerances are relative to the vectors' scale: the sums run in float, so exact equality is not expected.
 */
class MetricPropertiesTest {
  /** Two vectors of one random length (1..64) with components in [-10, 10]. */
  record Pair(float[] a, float[] b) {}

  @Provide
  Arbitrary<Pair> pairs() {
    return Arbitraries.integers().between(1, 64).flatMap(d -> {
      Arbitrary<float[]> v = Arbitraries.floats().between(-10, 10).array(float[].class).ofSize(d);
      return Combinators.combine(v, v).as(Pair::new);
    });
  }

  /** Pairs whose vectors are not (almost) zero, so cosine has a direction to compare. */
  @Provide
  Arbitrary<Pair> directed() {
    return pairs().filter(p -> Vectors.norm(p.a()) > 1e-2 && Vectors.norm(p.b()) > 1e-2);
  }

  /** Pairs of length at least 2 whose components vary, so correlation is defined. */
  @Provide
  Arbitrary<Pair> varying() {
    return pairs().filter(p -> p.a().length >= 2 && spread(p.a()) > 1e-2 && spread(p.b()) > 1e-2);
  }

  private static float spread(float[] v) {
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (float x : v) {
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    return max - min;
  }

  private static float scale(Pair p) {
    return 1 + Vectors.norm(p.a()) * Vectors.norm(p.b());
  }

  @Property
  void everyMetricIsSymmetric(@ForAll("pairs") Pair p, @ForAll Metric metric) {
    assertEquals(metric.distance(p.a(), p.b()), metric.distance(p.b(), p.a()), 1e-5f * scale(p), metric.label());
  }

  @Property
  void distancesAreNonNegativeExceptDot(@ForAll("pairs") Pair p, @ForAll Metric metric) {
    if (metric == Metric.DOT) return; // -a·b: negative whenever the vectors agree, by definition
    assertTrue(metric.distance(p.a(), p.b()) >= -1e-5f, metric + " " + metric.distance(p.a(), p.b()));
  }

  @Property
  void aVectorIsAtDistanceZeroFromItself(@ForAll("directed") Pair p) {
    float[] a = p.a();
    assertEquals(0f, Metric.L2.distance(a, a), 0f);
    assertEquals(0f, Metric.L1.distance(a, a), 0f);
    assertEquals(0f, Metric.COSINE.distance(a, a), 1e-5f);
  }

  @Property
  void boundedMetricsStayInZeroToTwo(@ForAll("pairs") Pair p) {
    for (Metric m : new Metric[] {Metric.COSINE, Metric.CORRELATION}) {
      float d = m.distance(p.a(), p.b());
      assertTrue(d >= -1e-5f && d <= 2 + 1e-5f, m + " " + d);
    }
  }

  @Property
  void scoreNeverRisesWithDistance(@ForAll Metric metric,
      @ForAll @FloatRange(min = 0, max = 1000) float d1, @ForAll @FloatRange(min = 0, max = 1000) float d2) {
    float near = Math.min(d1, d2);
    float far = Math.max(d1, d2);
    assertTrue(metric.score(near) >= metric.score(far), metric + ": score(" + near + ") < score(" + far + ")");
    if (near < far && far - near > 1e-3f * far) {
      assertTrue(metric.score(near) > metric.score(far), metric + " must rank strictly by distance");
    }
  }

  @Property
  void onUnitVectorsCosineDotAndL2Agree(@ForAll("directed") Pair p) {
    float[] a = Vectors.normalizeInPlace(p.a().clone());
    float[] b = Vectors.normalizeInPlace(p.b().clone());
    float cosine = Metric.COSINE.distance(a, b);
    // 1 - a·b = 1 + (-a·b), and |a - b|² = 2 - 2 a·b for unit vectors.
    assertEquals(cosine, 1 + Metric.DOT.distance(a, b), 1e-5f);
    float l2 = Metric.L2.distance(a, b);
    assertEquals(l2 * l2, 2 * cosine, 1e-4f);
    assertEquals(Metric.COSINE.score(cosine), Metric.DOT.score(Metric.DOT.distance(a, b)), 1e-5f);
  }

  @Property
  void cosineIgnoresPositiveScaling(@ForAll("directed") Pair p, @ForAll @FloatRange(min = 0.01f, max = 100) float s) {
    float[] scaled = p.b().clone();
    for (int i = 0; i < scaled.length; i++) scaled[i] *= s;
    assertEquals(Metric.COSINE.distance(p.a(), p.b()), Metric.COSINE.distance(p.a(), scaled), 1e-4f);
  }

  @Property
  void correlationIgnoresShiftAndPositiveScale(@ForAll("varying") Pair p,
      @ForAll @FloatRange(min = 0.1f, max = 10) float scale, @ForAll @FloatRange(min = -10, max = 10) float shift) {
    float[] moved = p.b().clone();
    for (int i = 0; i < moved.length; i++) moved[i] = moved[i] * scale + shift;
    if (spread(moved) <= 1e-2f) return; // float rounding flattened it: not the same vector any more
    assertEquals(Metric.CORRELATION.distance(p.a(), p.b()), Metric.CORRELATION.distance(p.a(), moved), 1e-3f);
  }

  @Property
  void correlationFlipsUnderNegation(@ForAll("varying") Pair p) {
    float[] negated = p.b().clone();
    for (int i = 0; i < negated.length; i++) negated[i] = -negated[i];
    // r(a, -b) = -r(a, b), so the two distances 1 - r and 1 + r add up to 2.
    assertEquals(2f, Metric.CORRELATION.distance(p.a(), p.b()) + Metric.CORRELATION.distance(p.a(), negated), 1e-4f);
  }

  @Property
  void l1AndL2ObeyTheTriangleInequality(@ForAll("pairs") Pair ab, @ForAll("pairs") Pair cd) {
    float[] a = ab.a();
    float[] b = ab.b();
    float[] c = java.util.Arrays.copyOf(cd.a(), a.length); // any third point of the same length
    for (Metric m : new Metric[] {Metric.L1, Metric.L2}) {
      float direct = m.distance(a, b);
      float via = m.distance(a, c) + m.distance(c, b);
      assertTrue(direct <= via + 1e-4f * (1 + via), m + ": " + direct + " > " + via);
    }
  }

  @Property
  void l1BoundsL2(@ForAll("pairs") Pair p) {
    // For any vector x of length n: |x|₂ <= |x|₁ <= sqrt(n) |x|₂.
    float l1 = Metric.L1.distance(p.a(), p.b());
    float l2 = Metric.L2.distance(p.a(), p.b());
    assertTrue(l2 <= l1 * (1 + 1e-5f) + 1e-5f, l2 + " > " + l1);
    assertTrue(l1 <= Math.sqrt(p.a().length) * l2 * (1 + 1e-5f) + 1e-5f, l1 + " > sqrt(n) " + l2);
  }
}
