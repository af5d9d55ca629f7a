package dev.loupe.eval;

import java.util.List;

/**
 * Standard ranking metrics of one query, following trec_eval: the ranking is a list of relevance flags in rank
 * order; {@code totalRelevant} counts every relevant item in the collection (retrieved or not).
 */
public final class RankingMetrics {
  private RankingMetrics() {}

  /**
   * Average precision: the mean, over all relevant items, of the precision at each relevant item's rank;
   * relevant items never retrieved contribute 0. A query with no relevant item has AP 0 here; evaluation
   * reports such queries by id and leaves them out of the means, as trec_eval evaluates only judged queries.
   */
  public static double averagePrecision(List<Boolean> relevant, int totalRelevant) {
    if (totalRelevant <= 0) return 0;
    return precisionSumAtRelevantRanks(relevant, relevant.size()) / totalRelevant;
  }

  /**
   * Average precision cut at rank k, normalised by min(k, R): the mAP@k of retrieval papers (trec_eval's
   * {@code map_cut_k} divides by R instead).
   */
  public static double averagePrecisionAt(List<Boolean> relevant, int totalRelevant, int k) {
    if (totalRelevant <= 0) return 0;
    return precisionSumAtRelevantRanks(relevant, k) / Math.min(k, totalRelevant);
  }

  /** The sum of P@i over the relevant ranks i <= k. */
  private static double precisionSumAtRelevantRanks(List<Boolean> relevant, int k) {
    double sum = 0;
    int hits = 0;
    for (int i = 0; i < Math.min(k, relevant.size()); i++) {
      if (relevant.get(i)) {
        hits++;
        sum += hits / (double) (i + 1);
      }
    }
    return sum;
  }

  /** Fraction of the first {@code k} ranks that are relevant (missing ranks count as not relevant). */
  public static double precisionAt(List<Boolean> relevant, int k) {
    if (k < 1) throw new IllegalArgumentException("k must be at least 1, got: " + k);
    int hits = 0;
    for (int i = 0; i < Math.min(k, relevant.size()); i++) if (relevant.get(i)) hits++;
    return hits / (double) k;
  }

  /** Fraction of all relevant items found in the first {@code k} ranks. */
  public static double recallAt(List<Boolean> relevant, int k, int totalRelevant) {
    if (totalRelevant <= 0) return 0;
    int hits = 0;
    for (int i = 0; i < Math.min(k, relevant.size()); i++) if (relevant.get(i)) hits++;
    return hits / (double) totalRelevant;
  }

  /** 1 / rank of the first relevant item, 0 when none is retrieved. */
  public static double reciprocalRank(List<Boolean> relevant) {
    for (int i = 0; i < relevant.size(); i++) if (relevant.get(i)) return 1.0 / (i + 1);
    return 0;
  }
}
