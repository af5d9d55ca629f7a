package dev.loupe.eval.dedup;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * How well predicted duplicate groups match the true ones, counted over pairs: a pair of items is predicted when
 * both are in one predicted group, true when both are in one true group.
 *
 * @param precision correct pairs / predicted pairs (1 when nothing is predicted: no false merge was made)
 * @param recall correct pairs / true pairs
 * @param f1 harmonic mean of the two (0 when both are 0)
 * @param wholeGroups the fraction of true groups (of two or more) predicted exactly: same members, nothing added
 * @param predictedPairs pairs inside predicted groups
 * @param truePairs pairs inside true groups
 * @param correctPairs pairs inside both
 */
public record GroupMetrics(double precision, double recall, double f1, double wholeGroups, long predictedPairs,
    long truePairs, long correctPairs) {

  /**
   * @param predicted the predicted groups (singletons may be left out)
   * @param truth each item's true group key; every item of {@code predicted} must have one
   */
  public static GroupMetrics of(Collection<? extends Collection<String>> predicted, Map<String, String> truth) {
    Map<String, Integer> trueSizes = new HashMap<>();
    truth.values().forEach(k -> trueSizes.merge(k, 1, Integer::sum));
    long truePairs = 0;
    int trueGroups = 0;
    for (int n : trueSizes.values()) {
      truePairs += pairs(n);
      if (n > 1) trueGroups++;
    }
    long predictedPairs = 0;
    long correct = 0;
    int whole = 0;
    for (Collection<String> group : predicted) {
      predictedPairs += pairs(group.size());
      Map<String, Integer> byKey = new HashMap<>();
      for (String id : group) {
        String key = truth.get(id);
        if (key == null) throw new IllegalArgumentException("no true group for predicted item: " + id);
        byKey.merge(key, 1, Integer::sum);
      }
      for (int n : byKey.values()) correct += pairs(n);
      if (group.size() > 1 && byKey.size() == 1 && trueSizes.get(byKey.keySet().iterator().next()) == group.size()) {
        whole++;
      }
    }
    double p = predictedPairs == 0 ? 1 : (double) correct / predictedPairs;
    double r = truePairs == 0 ? 1 : (double) correct / truePairs;
    double f = p + r == 0 ? 0 : 2 * p * r / (p + r);
    return new GroupMetrics(p, r, f, trueGroups == 0 ? 1 : (double) whole / trueGroups, predictedPairs, truePairs,
        correct);
  }

  private static long pairs(long n) {
    return n * (n - 1) / 2;
  }
}
