package dev.loupe.eval;

import java.util.List;

/** trec_eval's interpolated precision at the 11 standard recall levels 0.0, 0.1, ..., 1.0. */
final class PrecisionRecall {
  static final int LEVELS = 11;

  private PrecisionRecall() {}

  /** Interpolated precision at recall r = the best precision at any rank whose recall is at least r. */
  static double[] interpolated(List<Boolean> flags, int totalRelevant) {
    double[] out = new double[LEVELS];
    if (totalRelevant == 0) return out;
    double[] precisionAtRank = new double[flags.size()];
    double[] recallAtRank = new double[flags.size()];
    int hits = 0;
    for (int i = 0; i < flags.size(); i++) {
      if (flags.get(i)) hits++;
      precisionAtRank[i] = hits / (double) (i + 1);
      recallAtRank[i] = hits / (double) totalRelevant;
    }
    // Walk ranks from the bottom keeping the running maximum precision.
    double best = 0;
    int level = LEVELS - 1;
    for (int i = flags.size() - 1; i >= -1 && level >= 0; i--) {
      while (level >= 0 && (i < 0 || recallAtRank[i] < level / 10.0 - 1e-9)) {
        out[level] = best;
        level--;
      }
      if (i >= 0) best = Math.max(best, precisionAtRank[i]);
    }
    return out;
  }
}
