package dev.loupe.engine.text;

import java.util.List;

/**
 * Ridge regression in closed form, from sparse rows X (n × v) onto targets Y (n × d): W = argmin ‖XW − Y‖² +
 * λ‖W‖². Solved on the smaller side: primal (XᵀX + λI) W = XᵀY when v ≤ n, else dual W = Xᵀ (XXᵀ + λI)⁻¹ Y; both
 * by one Cholesky factorisation of an m × m matrix, m = min(n, v), so the cost is bounded by the vocabulary cap.
 * Sums run in a fixed order: the same input gives bit-identical weights.
 */
public final class Ridge {
  private Ridge() {}

  /** Weights, v × d, row-major by word. */
  public static float[][] solve(List<WordFeatures.Row> x, float[][] y, int v, double lambda) {
    if (lambda <= 0) throw new IllegalArgumentException("ridge lambda must be positive, got " + lambda);
    int n = x.size();
    int d = y[0].length;
    if (v <= n) {
      double[][] a = new double[v][v];
      double[][] b = new double[v][d];
      for (int r = 0; r < n; r++) {
        WordFeatures.Row row = x.get(r);
        for (int p = 0; p < row.index().length; p++) {
          int i = row.index()[p];
          double xi = row.value()[p];
          for (int q = 0; q < row.index().length; q++) a[i][row.index()[q]] += xi * row.value()[q];
          for (int c = 0; c < d; c++) b[i][c] += xi * y[r][c];
        }
      }
      for (int i = 0; i < v; i++) a[i][i] += lambda;
      double[][] w = cholSolve(a, b);
      return toFloat(w);
    }
    double[][] k = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) k[i][j] = k[j][i] = dot(x.get(i), x.get(j));
      k[i][i] += lambda;
    }
    double[][] yd = new double[n][d];
    for (int r = 0; r < n; r++) for (int c = 0; c < d; c++) yd[r][c] = y[r][c];
    double[][] alpha = cholSolve(k, yd);
    double[][] w = new double[v][d];
    for (int r = 0; r < n; r++) {
      WordFeatures.Row row = x.get(r);
      for (int p = 0; p < row.index().length; p++) {
        double xi = row.value()[p];
        double[] wi = w[row.index()[p]];
        for (int c = 0; c < d; c++) wi[c] += xi * alpha[r][c];
      }
    }
    return toFloat(w);
  }

  private static double dot(WordFeatures.Row a, WordFeatures.Row b) {
    double s = 0;
    int i = 0;
    int j = 0;
    while (i < a.index().length && j < b.index().length) {
      if (a.index()[i] == b.index()[j]) s += (double) a.value()[i++] * b.value()[j++];
      else if (a.index()[i] < b.index()[j]) i++;
      else j++;
    }
    return s;
  }

  /** Solves A Z = B for symmetric positive-definite A (overwritten by its Cholesky factor). */
  static double[][] cholSolve(double[][] a, double[][] b) {
    int m = a.length;
    for (int j = 0; j < m; j++) {
      double[] aj = a[j];
      double s = aj[j];
      for (int k = 0; k < j; k++) s -= aj[k] * aj[k];
      if (!(s > 0)) throw new ArithmeticException("matrix is not positive definite at row " + j);
      double l = Math.sqrt(s);
      aj[j] = l;
      for (int i = j + 1; i < m; i++) {
        double[] ai = a[i];
        double t = ai[j];
        for (int k = 0; k < j; k++) t -= ai[k] * aj[k];
        ai[j] = t / l;
      }
    }
    int d = b[0].length;
    double[][] z = new double[m][];
    for (int i = 0; i < m; i++) {
      double[] zi = b[i].clone();
      for (int k = 0; k < i; k++) {
        double lik = a[i][k];
        if (lik != 0) for (int c = 0; c < d; c++) zi[c] -= lik * z[k][c];
      }
      for (int c = 0; c < d; c++) zi[c] /= a[i][i];
      z[i] = zi;
    }
    for (int i = m - 1; i >= 0; i--) {
      double[] zi = z[i];
      for (int k = i + 1; k < m; k++) {
        double lki = a[k][i];
        if (lki != 0) for (int c = 0; c < d; c++) zi[c] -= lki * z[k][c];
      }
      for (int c = 0; c < d; c++) zi[c] /= a[i][i];
    }
    return z;
  }

  private static float[][] toFloat(double[][] w) {
    float[][] out = new float[w.length][];
    for (int i = 0; i < w.length; i++) {
      out[i] = new float[w[i].length];
      for (int c = 0; c < w[i].length; c++) out[i][c] = (float) w[i][c];
    }
    return out;
  }
}
