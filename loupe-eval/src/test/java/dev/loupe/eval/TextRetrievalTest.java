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
  void groupPrecisionCountsTheFirstTargetsOfTheQuerysGroup() {
    // Targets 0 and 1 are shoes, 2 a bag. Three targets: the "first 10" are all of them, in cosine order.
    TextRetrieval.Groups groups = new TextRetrieval.Groups(List.of("shoe", "shoe", "bag", "bag"),
        List.of("shoe", "shoe", "bag"));
    TextRetrieval.Result r = TextRetrieval.evaluate("text→image", QUERIES, TARGETS,
        List.of(Set.of(0), Set.of(1), Set.of(2), Set.of(0, 1)), List.of(1), groups);
    // Every query sees all three targets: 2/3 of them are shoes, 1/3 bags.
    assertEquals((2 / 3.0 + 2 / 3.0 + 1 / 3.0 + 1 / 3.0) / 4, r.groupPrecisionAt10(), 1e-12);
    assertEquals(r.groupPrecisionAt10(), r.groupChance(), 1e-12, "all targets ranked: precision is chance");
    assertEquals(null, TextRetrieval.evaluate("text→image", QUERIES, TARGETS,
        List.of(Set.of(0), Set.of(1), Set.of(2), Set.of(0, 1)), List.of(1)).groupPrecisionAt10());
  }

  @Test
  void groupPrecisionLooksAtTheFirstTenOnly() {
    // 12 targets on a line of angles; the query is nearest the first ones: its first 10 are targets 0..9.
    float[][] targets = new float[12][];
    List<String> groups = new java.util.ArrayList<>();
    for (int i = 0; i < 12; i++) {
      targets[i] = new float[] {(float) Math.cos(i * 0.1), (float) Math.sin(i * 0.1)};
      groups.add(i < 5 || i >= 10 ? "a" : "b"); // 0..4 and 10, 11 in a; 5..9 in b
    }
    TextRetrieval.Result r = TextRetrieval.evaluate("text→image", new float[][] {{1, 0}}, targets,
        List.of(Set.of(0)), List.of(1), new TextRetrieval.Groups(List.of("a"), groups));
    assertEquals(0.5, r.groupPrecisionAt10(), 1e-12, "5 of the first 10 in group a");
    assertEquals(7 / 12.0, r.groupChance(), 1e-12);
  }

  @Test
  void chanceRecallIsOneMinusTheHypergeometricMiss() {
    assertEquals(10 / 1000.0, TextRetrieval.chanceRecall(1000, 1, 10), 1e-12);
    assertEquals(1 - (8 / 10.0) * (7 / 9.0), TextRetrieval.chanceRecall(10, 2, 2), 1e-12);
    assertEquals(1, TextRetrieval.chanceRecall(5, 1, 7), 1e-12);
  }
}
