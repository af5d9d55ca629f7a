package dev.loupe.eval.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The default-threshold rule on a hand-made sweep. */
class ThresholdChoiceTest {
  private static DedupEvaluation.Row row(float t, double precision, double recall) {
    return row(t, precision, recall, 100);
  }

  private static DedupEvaluation.Row row(float t, double precision, double recall, long pairs) {
    double f1 = 2 * precision * recall / (precision + recall);
    return new DedupEvaluation.Row(t, new GroupMetrics(precision, recall, f1, recall, pairs, 0, 0), 0, Map.of());
  }

  @Test
  void theLowestThresholdHoldingPrecisionAtAndAboveItWins() {
    // 0.6 reaches 0.96 precision, but 0.7 above it falls to 0.90: the choice is 0.8, the lowest with every
    // threshold above it precise enough. 0.6 has the best F1 (2 * 0.96 * 0.85 / 1.81 = 0.902, against 0.869 at 0.5)
    // and is not chosen.
    List<DedupEvaluation.Row> sweep = List.of(row(0.5f, 0.80, 0.95), row(0.6f, 0.96, 0.85), row(0.7f, 0.90, 0.80),
        row(0.8f, 0.97, 0.70), row(0.9f, 1.00, 0.40));
    assertEquals(0.8f, ThresholdChoice.lowestPrecise(sweep, 0.95).orElseThrow().threshold());
    assertEquals(0.6f, ThresholdChoice.bestF1(sweep).threshold());
    assertTrue(ThresholdChoice.lowestPrecise(List.of(row(0.9f, 0.5, 0.5)), 0.95).isEmpty());
  }

  @Test
  void aThresholdWithTooFewPairsToMeasureIsNotJudged() {
    // At 0.9 one wrong pair in 16 gives 0.9375; 16 < MIN_PAIRS (20), so it neither stops the rule nor is chosen.
    List<DedupEvaluation.Row> sweep = List.of(row(0.8f, 0.96, 0.5, 60), row(0.9f, 0.9375, 0.05, 16));
    assertEquals(0.8f, ThresholdChoice.lowestPrecise(sweep, 0.95).orElseThrow().threshold());
    assertTrue(ThresholdChoice.lowestPrecise(List.of(row(0.9f, 1.0, 0.05, 19)), 0.95).isEmpty());
  }
}
