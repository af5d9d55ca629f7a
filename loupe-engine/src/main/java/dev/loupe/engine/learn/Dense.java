package dev.loupe.engine.learn;

import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * The few dense kernels the learned maps need (text tower, projection), in double precision (the
 * finite-difference checks of the gradients need it, and the maps are small). Row-parallel loops write each output row from one task in a fixed
 * order, so the results do not depend on the thread count: a fixed seed gives the same tower.
 */
public final class Dense {
  private Dense() {}

  public static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }

  /** a[offset .. offset + b.length) · b: a row of a row-major matrix times a vector, without copying the row. */
  public static double dot(double[] a, int offset, double[] b) {
    double s = 0;
    for (int i = 0; i < b.length; i++) s += a[offset + i] * b[i];
    return s;
  }

  /** y += a · x */
  public static void axpy(double a, double[] x, double[] y) {
    for (int i = 0; i < y.length; i++) y[i] += a * x[i];
  }

  /** y += a · x[offset .. offset + y.length) */
  public static void axpy(double a, double[] x, int offset, double[] y) {
    for (int i = 0; i < y.length; i++) y[i] += a * x[offset + i];
  }

  /** The body for each row 0..n-1, rows in parallel on the common pool. */
  public static void forEachRow(int n, IntConsumer body) {
    IntStream.range(0, n).parallel().forEach(body);
  }

  public static double norm(double[] v) {
    return Math.sqrt(dot(v, v));
  }

  public static double[][] toDouble(float[][] v) {
    double[][] out = new double[v.length][];
    for (int i = 0; i < v.length; i++) {
      out[i] = new double[v[i].length];
      for (int c = 0; c < v[i].length; c++) out[i][c] = v[i][c];
    }
    return out;
  }
}
