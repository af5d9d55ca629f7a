package dev.loupe.core.query;

/** Small vector kernels shared by the metrics and the embedders. */
public final class Vectors {
  private Vectors() {}

  // Four independent partial sums: the JIT does not vectorise a float reduction (it must keep the summation
  // order), but independent accumulators let the CPU overlap the additions, about 3x faster on long vectors.

  public static float dot(float[] a, float[] b) {
    checkSameLength(a, b);
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int i = 0;
    for (int end = a.length - 3; i < end; i += 4) {
      s0 += a[i] * b[i];
      s1 += a[i + 1] * b[i + 1];
      s2 += a[i + 2] * b[i + 2];
      s3 += a[i + 3] * b[i + 3];
    }
    for (; i < a.length; i++) s0 += a[i] * b[i];
    return (s0 + s1) + (s2 + s3);
  }

  public static float squaredL2(float[] a, float[] b) {
    checkSameLength(a, b);
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int i = 0;
    for (int end = a.length - 3; i < end; i += 4) {
      float d0 = a[i] - b[i], d1 = a[i + 1] - b[i + 1], d2 = a[i + 2] - b[i + 2], d3 = a[i + 3] - b[i + 3];
      s0 += d0 * d0;
      s1 += d1 * d1;
      s2 += d2 * d2;
      s3 += d3 * d3;
    }
    for (; i < a.length; i++) {
      float d = a[i] - b[i];
      s0 += d * d;
    }
    return (s0 + s1) + (s2 + s3);
  }

  public static float l1(float[] a, float[] b) {
    checkSameLength(a, b);
    float sum = 0;
    for (int i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
    return sum;
  }

  public static float norm(float[] a) {
    double sum = 0;
    for (float v : a) sum += (double) v * v;
    return (float) Math.sqrt(sum);
  }

  /** Cosine similarity; 0 when either vector is all zeros (no direction to compare). */
  public static float cosine(float[] a, float[] b) {
    float na = norm(a);
    float nb = norm(b);
    if (na == 0 || nb == 0) return 0;
    return dot(a, b) / (na * nb);
  }

  /** Pearson correlation; 0 when either vector is constant (its variance is zero). */
  public static float pearson(float[] a, float[] b) {
    checkSameLength(a, b);
    int n = a.length;
    double ma = 0, mb = 0;
    for (int i = 0; i < n; i++) {
      ma += a[i];
      mb += b[i];
    }
    ma /= n;
    mb /= n;
    double sab = 0, saa = 0, sbb = 0;
    for (int i = 0; i < n; i++) {
      double da = a[i] - ma, db = b[i] - mb;
      sab += da * db;
      saa += da * da;
      sbb += db * db;
    }
    if (saa == 0 || sbb == 0) return 0;
    return (float) (sab / Math.sqrt(saa * sbb));
  }

  /** Scales {@code v} in place to unit L2 norm (left as is when it is all zeros); returns it. */
  public static float[] normalizeInPlace(float[] v) {
    float n = norm(v);
    if (n > 0) {
      for (int i = 0; i < v.length; i++) v[i] /= n;
    }
    return v;
  }

  private static void checkSameLength(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("vectors differ in length: " + a.length + " vs " + b.length);
    }
  }
}
