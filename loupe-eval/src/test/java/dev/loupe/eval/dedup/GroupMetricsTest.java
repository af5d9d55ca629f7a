package dev.loupe.eval.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pairwise group metrics on hand-built groups with answers counted by hand. */
class GroupMetricsTest {
  /** True groups: {a, b, c}, {d, e}, {f}: 3 + 1 = 4 true pairs. */
  private static final Map<String, String> TRUTH = Map.of("a", "A", "b", "A", "c", "A", "d", "D", "e", "D", "f", "F");

  @Test
  void aSplitAndAFalseMergeCostPrecisionAndRecall() {
    // [a, b]: 1 pair, correct. [c, d, e]: 3 pairs, only d-e correct. 2 of 4 predicted pairs are right, 2 of 4 true
    // pairs are found; neither true group is predicted whole ([c, d, e] has c too).
    GroupMetrics m = GroupMetrics.of(List.of(List.of("a", "b"), List.of("c", "d", "e")), TRUTH);
    assertEquals(new GroupMetrics(0.5, 0.5, 0.5, 0.0, 4, 4, 2), m);
  }

  @Test
  void theTrueGroupsScoreOneAndNothingPredictedHasFullPrecisionAndNoRecall() {
    assertEquals(new GroupMetrics(1, 1, 1, 1, 4, 4, 4),
        GroupMetrics.of(List.of(List.of("a", "b", "c"), List.of("d", "e")), TRUTH));
    assertEquals(new GroupMetrics(1, 0, 0, 0, 0, 4, 0), GroupMetrics.of(List.of(), TRUTH));
    // One of two true groups whole, and one pair of the other: 2 of 4 true pairs (d-e, a-b), precision 1.
    GroupMetrics half = GroupMetrics.of(List.of(List.of("a", "b"), List.of("d", "e")), TRUTH);
    assertEquals(0.5, half.wholeGroups());
    assertEquals(2.0 / 3, half.f1(), 1e-12, "2PR/(P+R) = 2 * 1 * 0.5 / 1.5");
  }

  @Test
  void anItemWithoutATrueGroupIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GroupMetrics.of(List.of(List.of("a", "zz")), TRUTH));
    assertTrue(e.getMessage().contains("zz"), e.getMessage());
  }
}
