package dev.loupe.engine.ranking;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How well a weighting orders judged items, over queries that have both a good and a bad item.
 *
 * @param accuracy pairwise accuracy: of all (good, bad) pairs of a query, the share scored good above bad (a tie
 *     counts half)
 * @param auc the same per query, then averaged over queries (each query weighs the same)
 * @param map mean over queries of the average precision of the judged items ranked by the weighting (ties keep the
 *     order the judgements were given in)
 * @param queries queries measured
 * @param pairs pairs measured
 */
public record PairMetrics(double accuracy, double auc, double map, int queries, long pairs) {

  public static PairMetrics of(List<JudgedQuery> queries, double[] weights) {
    long correct2 = 0; // twice the correct count, so a tie adds 1
    long pairs = 0;
    double aucSum = 0;
    double apSum = 0;
    int n = 0;
    for (JudgedQuery q : queries) {
      if (!q.hasPairs()) continue;
      double[] s = scores(q, weights);
      long qc2 = 0;
      long qp = 0;
      for (int i = 0; i < s.length; i++) {
        if (!q.good().get(i)) continue;
        for (int j = 0; j < s.length; j++) {
          if (q.good().get(j)) continue;
          qc2 += s[i] > s[j] ? 2 : s[i] == s[j] ? 1 : 0;
          qp++;
        }
      }
      correct2 += qc2;
      pairs += qp;
      aucSum += qc2 / (2.0 * qp);
      apSum += averagePrecision(q, s);
      n++;
    }
    if (n == 0) return new PairMetrics(Double.NaN, Double.NaN, Double.NaN, 0, 0);
    return new PairMetrics(correct2 / (2.0 * pairs), aucSum / n, apSum / n, n, pairs);
  }

  static double[] scores(JudgedQuery q, double[] weights) {
    double[] s = new double[q.features().size()];
    for (int i = 0; i < s.length; i++) {
      double[] f = q.features().get(i);
      for (int d = 0; d < weights.length; d++) s[i] += weights[d] * f[d];
    }
    return s;
  }

  private static double averagePrecision(JudgedQuery q, double[] s) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < s.length; i++) order.add(i);
    order.sort(Comparator.comparingDouble((Integer i) -> -s[i])); // stable: ties keep the judgements' order
    int hits = 0;
    double sum = 0;
    long good = q.good().stream().filter(g -> g).count();
    for (int r = 0; r < order.size(); r++) {
      if (q.good().get(order.get(r))) {
        hits++;
        sum += hits / (double) (r + 1);
      }
    }
    return sum / good;
  }
}
