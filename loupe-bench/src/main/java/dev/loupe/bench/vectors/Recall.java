package dev.loupe.bench.vectors;

import java.util.HashSet;
import java.util.Set;

/** Recall@k: the share of the exact k nearest that the approximate search returned, averaged over queries. */
final class Recall {
  private Recall() {}

  static double atK(int[][] exact, int[][] found, int k) {
    if (exact.length != found.length) throw new IllegalArgumentException(exact.length + " exact rows but " + found.length + " found");
    double sum = 0;
    for (int q = 0; q < exact.length; q++) {
      Set<Integer> truth = new HashSet<>();
      for (int j = 0; j < Math.min(k, exact[q].length); j++) truth.add(exact[q][j]);
      int hit = 0;
      for (int j = 0; j < Math.min(k, found[q].length); j++) if (truth.contains(found[q][j])) hit++;
      sum += hit / (double) truth.size();
    }
    return sum / exact.length;
  }
}
