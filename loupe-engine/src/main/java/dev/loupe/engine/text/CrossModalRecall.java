package dev.loupe.engine.text;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How well texts and images of the same items find each other among n held-back pairs (text i belongs to image
 * i): for each direction, recall@1/5/10 (the partner within the first k), the median rank of the partner, and
 * chance levels; optionally precision@10 of items sharing the query item's group (e.g. the same articleType).
 * A partner tied with other candidates counts after them (the pessimistic rank).
 *
 * @param pairs n
 * @param textToImage title → image
 * @param imageToText image → title
 */
public record CrossModalRecall(int pairs, Direction textToImage, Direction imageToText) {

  /**
   * @param recallAt1 fraction of queries whose partner is first
   * @param medianRank median 1-based rank of the partner
   * @param groupPrecisionAt10 mean fraction of the top 10 in the query's group (NaN without groups)
   * @param groupChance that fraction for a random ranking (NaN without groups)
   */
  public record Direction(double recallAt1, double recallAt5, double recallAt10, double medianRank,
      double groupPrecisionAt10, double groupChance) {}

  /** Chance of recall@k among n pairs: k / n. */
  public double chance(int k) {
    return Math.min(1.0, (double) k / pairs);
  }

  /**
   * @param texts unit text vectors, one per pair
   * @param images image vectors, one per pair, already centred on the gallery mean (the tower predicts that part)
   * @param groups each pair's group, or null
   */
  public static CrossModalRecall measure(float[][] texts, float[][] images, List<String> groups) {
    int n = texts.length;
    double[][] s = new double[n][n];
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) s[i][j] = dot(texts[i], images[j]);
    return new CrossModalRecall(n, direction(s, false, groups), direction(s, true, groups));
  }

  private static Direction direction(double[][] s, boolean transpose, List<String> groups) {
    int n = s.length;
    int[] ranks = new int[n];
    double r1 = 0, r5 = 0, r10 = 0, precision = 0, chance = 0;
    Map<String, Integer> groupSizes = new HashMap<>();
    if (groups != null) for (String g : groups) groupSizes.merge(g, 1, Integer::sum);
    int top = Math.min(10, n);
    for (int q = 0; q < n; q++) {
      double mine = at(s, q, q, transpose);
      int rank = 1;
      double[] scores = new double[n];
      for (int c = 0; c < n; c++) {
        scores[c] = at(s, q, c, transpose);
        if (c != q && scores[c] >= mine) rank++;
      }
      ranks[q] = rank;
      if (rank <= 1) r1++;
      if (rank <= 5) r5++;
      if (rank <= 10) r10++;
      if (groups != null) {
        Integer[] order = new Integer[n];
        for (int c = 0; c < n; c++) order[c] = c;
        Arrays.sort(order, (a, b) -> a.equals(b) ? 0 : scores[b] != scores[a] ? Double.compare(scores[b], scores[a]) : a - b);
        int same = 0;
        for (int k = 0; k < top; k++) if (groups.get(order[k]).equals(groups.get(q))) same++;
        precision += (double) same / top;
        chance += (double) groupSizes.get(groups.get(q)) / n;
      }
    }
    Arrays.sort(ranks);
    double median = n % 2 == 1 ? ranks[n / 2] : (ranks[n / 2 - 1] + ranks[n / 2]) / 2.0;
    double nan = Double.NaN;
    return new Direction(r1 / n, r5 / n, r10 / n, median,
        groups == null ? nan : precision / n, groups == null ? nan : chance / n);
  }

  private static double at(double[][] s, int query, int candidate, boolean transpose) {
    return transpose ? s[candidate][query] : s[query][candidate];
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
    return s;
  }
}
