package dev.loupe.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metrics of one query's ranking, following trec_eval's definitions (docs/evaluation.md):
 *
 * <ul>
 *   <li>{@code acc@1}: 1 if the top hit is relevant;
 *   <li>{@code P@k}, {@code R@k}, {@code F1@k}: precision, recall and their harmonic mean in the top k;
 *   <li>{@code mAP}: average precision over the full ranking (relevant items never retrieved count 0);
 *   <li>{@code mAP@k}: average precision cut at k, normalised by min(k, R) (the mAP@k of retrieval papers;
 *       trec_eval's {@code map_cut_k} divides by R instead, which caps it at k/R);
 *   <li>{@code MRR}: reciprocal rank of the first relevant item;
 *   <li>{@code sim@k}: mean similarity score of the top k hits.
 * </ul>
 */
final class QueryMetrics {
  private QueryMetrics() {}

  static Map<String, Double> of(List<Boolean> flags, List<Float> scores, int totalRelevant, List<Integer> ks) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("acc@1", !flags.isEmpty() && flags.get(0) ? 1.0 : 0.0);
    for (int k : ks) m.put("P@" + k, RankingMetrics.precisionAt(flags, k));
    for (int k : ks) m.put("R@" + k, RankingMetrics.recallAt(flags, k, totalRelevant));
    for (int k : ks) {
      double p = RankingMetrics.precisionAt(flags, k);
      double r = RankingMetrics.recallAt(flags, k, totalRelevant);
      m.put("F1@" + k, p + r == 0 ? 0 : 2 * p * r / (p + r));
    }
    m.put("mAP", RankingMetrics.averagePrecision(flags, totalRelevant));
    for (int k : ks) m.put("mAP@" + k, RankingMetrics.averagePrecisionAt(flags, totalRelevant, k));
    m.put("MRR", RankingMetrics.reciprocalRank(flags));
    for (int k : ks) {
      double sum = 0;
      int n = Math.min(k, scores.size());
      for (int i = 0; i < n; i++) sum += scores.get(i);
      m.put("sim@" + k, n == 0 ? 0 : sum / n);
    }
    return m;
  }

}
