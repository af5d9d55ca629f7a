package dev.loupe.engine.text;

import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * The few dense kernels the contrastive tower needs, in double precision (the finite-difference check of the
 * gradient needs it, and the tower is small). Row-parallel loops write each output row from one task in a fixed
 * order, so the results do not depend on the thread count: a fixed seed gives the same tower.
 */
final class Dense {
  private Dense() {}

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }

  /** y += a · x */
  static void axpy(double a, double[] x, double[] y) {
    for (int i = 0; i < y.length; i++) y[i] += a * x[i];
  }

  /** y += a · x[offset .. offset + y.length) */
  static void axpy(double a, double[] x, int offset, double[] y) {
    for (int i = 0; i < y.length; i++) y[i] += a * x[offset + i];
  }

  /** The body for each row 0..n-1, rows in parallel on the common pool. */
  static void forEachRow(int n, IntConsumer body) {
    IntStream.range(0, n).parallel().forEach(body);
  }

  static double norm(double[] v) {
    return Math.sqrt(dot(v, v));
  }

  static double[][] toDouble(float[][] v) {
    double[][] out = new double[v.length][];
    for (int i = 0; i < v.length; i++) {
      out[i] = new double[v[i].length];
      for (int c = 0; c < v[i].length; c++) out[i][c] = v[i][c];
    }
    return out;
  }
}
