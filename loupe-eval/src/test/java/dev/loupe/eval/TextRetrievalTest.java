package dev.loupe.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Cross-modal recall, median rank and chance on a hand-made case whose ranks are known. */
class TextRetrievalTest {
  // Three targets along the axes; each query's cosine order is written beside it.
  static final float[][] TARGETS = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
  static final float[][] QUERIES = {
      {0.9f, 0.3f, 0.1f}, // order 0, 1, 2: relevant 0 → rank 1
      {0.5f, 0.1f, 0.9f}, // order 2, 0, 1: relevant 1 → rank 3
      {0.2f, 0.9f, 0.5f}, // order 1, 2, 0: relevant 2 → rank 2
      {0.1f, 0.2f, 0.8f}, // order 2, 1, 0: relevant {0, 1} → first relevant at rank 2
  };

  @Test
  void recallMedianRankAndChanceOfKnownRanks() {
    TextRetrieval.Result r = TextRetrieval.evaluate("text→image", QUERIES, TARGETS,
        List.of(Set.of(0), Set.of(1), Set.of(2), Set.of(0, 1)), List.of(1, 2, 3));
    // ranks 1, 3, 2, 2
    assertEquals(0.25, r.recall().get(1), 1e-12);
    assertEquals(0.75, r.recall().get(2), 1e-12);
    assertEquals(1.0, r.recall().get(3), 1e-12);
    assertEquals(2.0, r.medianRank(), 1e-12);
    // Chance: one relevant of 3 → k/3; two of 3 → 1 - C(1,k)/C(3,k) = 2/3 at k=1, 1 at k=2.
    assertEquals((3 * (1 / 3.0) + 2 / 3.0) / 4, r.chance().get(1), 1e-12);
    assertEquals((3 * (2 / 3.0) + 1) / 4, r.chance().get(2), 1e-12);
    assertEquals(1.0, r.chance().get(3), 1e-12);
    // Chance median rank: 2 with one relevant of 3 (P(≤2) = 2/3), 1 with two (P(≤1) = 2/3).
    assertEquals((3 * 2 + 1) / 4.0, r.chanceMedianRank(), 1e-12);
    assertEquals(4, r.queries());
    assertEquals(3, r.targets());
  }

  @Test
  void chanceRecallIsOneMinusTheHypergeometricMiss() {
    assertEquals(10 / 1000.0, TextRetrieval.chanceRecall(1000, 1, 10), 1e-12);
    assertEquals(1 - (8 / 10.0) * (7 / 9.0), TextRetrieval.chanceRecall(10, 2, 2), 1e-12);
    assertEquals(1, TextRetrieval.chanceRecall(5, 1, 7), 1e-12);
  }
}
