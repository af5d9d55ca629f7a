package dev.loupe.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Laws of the trec_eval-style metrics, checked on random rankings (relevance flags in rank order). */
class RankingMetricsPropertiesTest {
  private static final double EPS = 1e-12;

  /**
   * A ranking and the collection's count of relevant items: at least the relevant items it retrieved, plus up to
   * 5 never retrieved.
   */
  record Judged(List<Boolean> ranking, int totalRelevant) {
    int retrievedRelevant() {
      return (int) ranking.stream().filter(b -> b).count();
    }
  }

  @Provide
  Arbitrary<Judged> judged() {
    Arbitrary<List<Boolean>> ranking = Arbitraries.of(true, false).list().ofMinSize(0).ofMaxSize(40);
    return Combinators.combine(ranking, Arbitraries.integers().between(0, 5)).as((r, missed) ->
        new Judged(r, (int) r.stream().filter(b -> b).count() + missed));
  }

  @Provide
  Arbitrary<Judged> withRelevant() {
    return judged().filter(j -> j.totalRelevant() > 0);
  }

  @Property
  void averagePrecisionIsBetweenZeroAndOne(@ForAll("judged") Judged j) {
    double ap = RankingMetrics.averagePrecision(j.ranking(), j.totalRelevant());
    assertTrue(ap >= 0 && ap <= 1 + EPS, "AP " + ap);
  }

  @Property
  void averagePrecisionIsOneExactlyWhenEveryRelevantItemComesFirst(@ForAll("withRelevant") Judged j) {
    double ap = RankingMetrics.averagePrecision(j.ranking(), j.totalRelevant());
    int r = j.totalRelevant();
    boolean perfect = j.retrievedRelevant() == r && j.ranking().subList(0, r).stream().allMatch(b -> b);
    assertEquals(perfect, Math.abs(ap - 1) < EPS, "AP " + ap + " for " + j);
  }

  @Property
  void theBestOrderOfTheSameItemsScoresOne(@ForAll("withRelevant") Judged j) {
    List<Boolean> best = new ArrayList<>(j.ranking());
    best.sort(Collections.reverseOrder()); // true before false
    double ap = RankingMetrics.averagePrecision(best, j.retrievedRelevant());
    assertEquals(j.retrievedRelevant() > 0 ? 1.0 : 0.0, ap, EPS);
  }

  @Property
  void shufflingTheIrrelevantTailChangesNothing(@ForAll("judged") Judged j, @ForAll long seed) {
    int last = j.ranking().lastIndexOf(true);
    List<Boolean> shuffled = new ArrayList<>(j.ranking());
    Collections.shuffle(shuffled.subList(last + 1, shuffled.size()), new Random(seed));
    shuffled.add(false); // and one more irrelevant item retrieved after them
    int r = j.totalRelevant();
    assertEquals(RankingMetrics.averagePrecision(j.ranking(), r), RankingMetrics.averagePrecision(shuffled, r), EPS);
    assertEquals(RankingMetrics.reciprocalRank(j.ranking()), RankingMetrics.reciprocalRank(shuffled), EPS);
  }

  @Property
  void movingARelevantItemUpNeverLowersAveragePrecision(@ForAll("withRelevant") Judged j,
      @ForAll @IntRange(min = 0, max = 39) int from, @ForAll @IntRange(min = 0, max = 39) int to) {
    List<Boolean> ranking = j.ranking();
    if (from >= ranking.size() || to >= from || !ranking.get(from) || ranking.get(to)) return;
    List<Boolean> better = new ArrayList<>(ranking);
    Collections.swap(better, from, to); // the relevant item at `from` trades places with an irrelevant one above it
    int r = j.totalRelevant();
    assertTrue(RankingMetrics.averagePrecision(better, r) > RankingMetrics.averagePrecision(ranking, r) - EPS);
  }

  @Property
  void precisionAndRecallAreBoundedAndConsistent(@ForAll("withRelevant") Judged j,
      @ForAll @IntRange(min = 1, max = 50) int k) {
    double p = RankingMetrics.precisionAt(j.ranking(), k);
    double recall = RankingMetrics.recallAt(j.ranking(), k, j.totalRelevant());
    assertTrue(p >= 0 && p <= 1, "P@" + k + " " + p);
    assertTrue(recall >= 0 && recall <= 1 + EPS, "R@" + k + " " + recall);
    // Both count the same hits in the first k ranks: P@k * k = R@k * R.
    assertEquals(p * k, recall * j.totalRelevant(), 1e-9);
    assertTrue(RankingMetrics.recallAt(j.ranking(), k + 1, j.totalRelevant()) >= recall, "recall never falls with k");
  }

  @Property
  void averagePrecisionAtADeepCutIsAveragePrecision(@ForAll("withRelevant") Judged j) {
    // With k past the end and R <= k, min(k, R) = R: the cut and the full AP are the same sum over the same R.
    int k = Math.max(j.ranking().size(), j.totalRelevant());
    assertEquals(RankingMetrics.averagePrecision(j.ranking(), j.totalRelevant()),
        RankingMetrics.averagePrecisionAt(j.ranking(), j.totalRelevant(), k), EPS);
  }

  @Property
  void reciprocalRankIsOneOverTheFirstRelevantRank(@ForAll("judged") Judged j) {
    int first = j.ranking().indexOf(true);
    double rr = RankingMetrics.reciprocalRank(j.ranking());
    assertEquals(first < 0 ? 0 : 1.0 / (first + 1), rr, EPS);
    assertTrue(rr >= RankingMetrics.precisionAt(j.ranking(), Math.max(1, first + 1)) - EPS || first < 0);
  }
}
