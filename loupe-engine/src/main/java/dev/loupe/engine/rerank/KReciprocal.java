package dev.loupe.engine.rerank;

import dev.loupe.core.query.Metric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * k-reciprocal re-ranking (Zhong, Zheng, Cao and Li, CVPR 2017) over a small candidate set: two items are close
 * when they are in each other's k nearest neighbours, and an item's set of such neighbours is compared with the
 * query's by a Jaccard distance, blended with the original distance by {@code lambda}.
 *
 * <p>The neighbour lists are computed within the candidate set (the query plus its top R hits), not over the
 * whole gallery: an item's true neighbours outside the candidates are unseen. That is the approximation that
 * bounds the cost to {@code (R + 1)^2 / 2} distances per query.
 *
 * @param k1 size of the k-reciprocal neighbourhoods (the paper's 20)
 * @param k2 neighbours averaged in the local query expansion of the neighbourhood weights (the paper's 6; 1 = off)
 * @param lambda weight of the original distance in the final one (the paper's 0.3)
 */
public record KReciprocal(int k1, int k2, double lambda) {
  public static final KReciprocal DEFAULT = new KReciprocal(20, 6, 0.3);

  public KReciprocal {
    if (k1 < 1) throw new IllegalArgumentException("k1 must be at least 1, got: " + k1);
    if (k2 < 1) throw new IllegalArgumentException("k2 must be at least 1, got: " + k2);
    if (!(lambda >= 0 && lambda <= 1)) throw new IllegalArgumentException("lambda must be in 0..1, got: " + lambda);
  }

  /**
   * The re-ranked distances of the candidates to the query.
   *
   * @param points the query (index 0) and the candidates, as compared (centred when the index centres)
   * @param metric the metric comparing them
   * @return for each candidate {@code j} (index {@code j - 1}), its final distance to the query, lower = closer
   */
  public double[] distances(float[][] points, Metric metric) {
    int m = points.length;
    double[][] d = new double[m][m];
    for (int i = 0; i < m; i++) {
      for (int j = i + 1; j < m; j++) {
        double v = metric.distance(points[i], points[j]);
        d[i][j] = v;
        d[j][i] = v;
      }
    }
    // Each row on the scale of its largest distance, as in the paper's code (metrics differ in range).
    for (double[] row : d) {
      double max = 0;
      for (double v : row) max = Math.max(max, Math.abs(v));
      if (max > 0) for (int j = 0; j < m; j++) row[j] /= max;
    }
    int[][] rank = new int[m][];
    for (int i = 0; i < m; i++) rank[i] = order(d[i], i);
    double[][] v = new double[m][m];
    int half = Math.max(1, (int) Math.round(k1 / 2.0));
    for (int i = 0; i < m; i++) {
      List<Integer> reciprocal = reciprocal(rank, i, k1);
      BitSet own = new BitSet(m);
      reciprocal.forEach(own::set);
      BitSet expanded = (BitSet) own.clone();
      for (int c : reciprocal) {
        List<Integer> candidate = reciprocal(rank, c, half);
        int shared = 0;
        for (int x : candidate) if (own.get(x)) shared++;
        if (shared > 2.0 / 3.0 * candidate.size()) candidate.forEach(expanded::set);
      }
      double total = 0;
      for (int j = expanded.nextSetBit(0); j >= 0; j = expanded.nextSetBit(j + 1)) {
        v[i][j] = Math.exp(-d[i][j]);
        total += v[i][j];
      }
      for (int j = expanded.nextSetBit(0); j >= 0; j = expanded.nextSetBit(j + 1)) v[i][j] /= total;
    }
    double[][] w = k2 <= 1 ? v : localExpansion(v, rank);
    double[] out = new double[m - 1];
    for (int j = 1; j < m; j++) {
      double min = 0;
      for (int l = 0; l < m; l++) min += Math.min(w[0][l], w[j][l]);
      double jaccard = Math.max(0, 1 - min / (2 - min)); // rounding can take it just below 0
      out[j - 1] = (1 - lambda) * jaccard + lambda * d[0][j];
    }
    return out;
  }

  /** Each row replaced by the mean of the rows of its k2 nearest points (itself first). */
  private double[][] localExpansion(double[][] v, int[][] rank) {
    int m = v.length;
    int k = Math.min(k2, m);
    double[][] out = new double[m][m];
    for (int i = 0; i < m; i++) {
      for (int r = 0; r < k; r++) {
        double[] row = v[rank[i][r]];
        for (int l = 0; l < m; l++) out[i][l] += row[l];
      }
      for (int l = 0; l < m; l++) out[i][l] /= k;
    }
    return out;
  }

  /** The points among {@code i}'s k + 1 nearest (itself included) that have {@code i} among theirs. */
  private static List<Integer> reciprocal(int[][] rank, int i, int k) {
    int n = Math.min(k + 1, rank.length);
    List<Integer> out = new ArrayList<>(n);
    for (int r = 0; r < n; r++) {
      int j = rank[i][r];
      for (int s = 0; s < n; s++) {
        if (rank[j][s] == i) {
          out.add(j);
          break;
        }
      }
    }
    return out;
  }

  /** Indices by distance, the point itself first, ties by index. */
  private static int[] order(double[] row, int self) {
    Integer[] idx = new Integer[row.length];
    for (int i = 0; i < idx.length; i++) idx[i] = i;
    Arrays.sort(idx, (a, b) -> a.equals(b) ? 0 : a == self ? -1 : b == self ? 1
        : row[a] != row[b] ? Double.compare(row[a], row[b]) : Integer.compare(a, b));
    return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
  }
}
