package dev.loupe.core.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetricTest {
  private final float[] a = {1, 2, 3};
  private final float[] b = {2, 4, 7};

  @Test
  void distancesByHand() {
    // |1-2| + |2-4| + |3-7| = 1 + 2 + 4 = 7
    assertEquals(7f, Metric.L1.distance(a, b), 1e-6);
    // sqrt(1 + 4 + 16) = sqrt(21)
    assertEquals((float) Math.sqrt(21), Metric.L2.distance(a, b), 1e-6);
    // a.b = 2 + 8 + 21 = 31; |a| = sqrt(14), |b| = sqrt(69)
    assertEquals(-31f, Metric.DOT.distance(a, b), 1e-6);
    assertEquals(1 - 31 / Math.sqrt(14 * 69), Metric.COSINE.distance(a, b), 1e-6);
    // Pearson: a - mean = (-1, 0, 1); b - mean(13/3) = (-7/3, -1/3, 8/3); r = 5 / sqrt(2 * 38/3)
    assertEquals(1 - 5 / Math.sqrt(2 * 38 / 3.0), Metric.CORRELATION.distance(a, b), 1e-6);
  }

  @Test
  void scoresAreHigherForCloserVectorsUnderEveryMetric() {
    float[] near = {1.1f, 2.1f, 3.2f};
    for (Metric m : Metric.values()) {
      float sNear = m.score(m.distance(a, near));
      float sFar = m.score(m.distance(a, new float[] {3, 1, -2}));
      assertTrue(sNear > sFar, m + ": " + sNear + " <= " + sFar);
    }
  }

  @Test
  void correlationIgnoresOffsetAndScale() {
    float[] shifted = {11, 12, 13};
    assertEquals(1f, Metric.CORRELATION.score(Metric.CORRELATION.distance(a, shifted)), 1e-6);
    assertEquals(0f, Metric.CORRELATION.score(Metric.CORRELATION.distance(a, new float[] {5, 5, 5})), 1e-6,
        "a constant vector has no correlation");
  }

  @Test
  void parseNamesAndAliases() {
    assertEquals(Metric.L2, Metric.parse("euclidean"));
    assertEquals(Metric.CORRELATION, Metric.parse("Pearson"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Metric.parse("hamming"));
    assertTrue(e.getMessage().contains("hamming"));
  }
}
