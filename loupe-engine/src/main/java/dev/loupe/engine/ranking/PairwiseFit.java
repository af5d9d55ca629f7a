package dev.loupe.engine.ranking;

import dev.loupe.engine.learn.Adam;
import java.util.List;

/**
 * Learns non-negative lever weights from judged queries with RankNet's pairwise loss: for every good item i and bad
 * item j of one query, {@code log(1 + exp(-SCALE * w.(f_i - f_j)))}, averaged per query and then over queries (a
 * query judged on many items weighs no more than one judged on few), plus a small L2 penalty. Full-batch Adam
 * ({@link Adam}, shared with the text tower's trainer), weights projected back to {@code >= 0} after each step, then
 * scaled to sum 1 (the ranking depends only on their direction). Deterministic: no sampling.
 */
final class PairwiseFit {
  /**
   * Lever scores are cosines whose differences between a good and a bad item are a few hundredths; this scale puts
   * such differences where the logistic loss still has slope (as a contrastive temperature does).
   */
  static final double SCALE = 20;
  static final double L2 = 1e-3;
  static final double LEARNING_RATE = 0.02;
  /** Bound on the full-batch steps; a handful of weights converge in far fewer. */
  static final int STEPS = 400;

  private PairwiseFit() {}

  /** Weights summing to 1, or null when the projection left them all at 0 (nothing to learn from). */
  static double[] fit(List<JudgedQuery> queries, int features) {
    double[] w = new double[features];
    java.util.Arrays.fill(w, 1.0 / features);
    Adam adam = new Adam(features, LEARNING_RATE);
    List<JudgedQuery> usable = queries.stream().filter(JudgedQuery::hasPairs).toList();
    if (usable.isEmpty()) return null;
    for (int step = 0; step < STEPS; step++) {
      double[] grad = new double[features];
      for (JudgedQuery q : usable) {
        double[] s = PairMetrics.scores(q, w);
        double[] qGrad = new double[features];
        int pairs = 0;
        for (int i = 0; i < s.length; i++) {
          if (!q.good().get(i)) continue;
          for (int j = 0; j < s.length; j++) {
            if (q.good().get(j)) continue;
            // d/dw log(1 + exp(-SCALE * w.(fi - fj))) = -SCALE * sigmoid(-SCALE * (si - sj)) * (fi - fj)
            double g = -SCALE / (1 + Math.exp(SCALE * (s[i] - s[j])));
            double[] fi = q.features().get(i);
            double[] fj = q.features().get(j);
            for (int d = 0; d < features; d++) qGrad[d] += g * (fi[d] - fj[d]);
            pairs++;
          }
        }
        for (int d = 0; d < features; d++) grad[d] += qGrad[d] / pairs / usable.size();
      }
      for (int d = 0; d < features; d++) grad[d] += L2 * w[d];
      adam.step(w, grad);
      for (int d = 0; d < features; d++) w[d] = Math.max(0, w[d]);
    }
    double sum = 0;
    for (double x : w) sum += x;
    if (!(sum > 0)) return null;
    for (int d = 0; d < features; d++) w[d] /= sum;
    return w;
  }
}
