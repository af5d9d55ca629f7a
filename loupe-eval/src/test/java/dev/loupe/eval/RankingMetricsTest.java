package dev.loupe.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RankingMetricsTest {
  private static final boolean R = true;
  private static final boolean N = false;

  @Test
  void averagePrecisionByHand() {
    // Relevant at ranks 1, 3, 6 of 3 relevant: (1/1 + 2/3 + 3/6) / 3 = (1 + 0.6667 + 0.5) / 3 = 0.72222.
    assertEquals((1 + 2.0 / 3 + 0.5) / 3, RankingMetrics.averagePrecision(List.of(R, N, R, N, N, R), 3), 1e-12);
    // Same ranking but 4 relevant exist, one never retrieved: the sum is divided by 4.
    assertEquals((1 + 2.0 / 3 + 0.5) / 4, RankingMetrics.averagePrecision(List.of(R, N, R, N, N, R), 4), 1e-12);
    // No relevant item anywhere: 0 by convention.
    assertEquals(0, RankingMetrics.averagePrecision(List.of(N, N), 0));
  }

  @Test
  void precisionRecallReciprocalRank() {
    List<Boolean> ranking = List.of(N, R, R, N);
    assertEquals(0.0, RankingMetrics.precisionAt(ranking, 1));
    assertEquals(2 / 3.0, RankingMetrics.precisionAt(ranking, 3), 1e-12);
    assertEquals(2 / 10.0, RankingMetrics.precisionAt(ranking, 10), 1e-12); // missing ranks are not relevant
    assertEquals(2 / 5.0, RankingMetrics.recallAt(ranking, 4, 5), 1e-12);
    assertEquals(0.5, RankingMetrics.reciprocalRank(ranking));
  }
}
