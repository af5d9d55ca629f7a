package dev.loupe.core.query;

import java.util.Locale;

/**
 * A way to compare two vectors. Every metric has a raw {@link #distance} (lower = closer) and a {@link #score}
 * (higher = more similar), so callers can sort and threshold hits the same way whatever the metric.
 */
public enum Metric {
  /** Cosine similarity; distance = 1 - cos. */
  COSINE {
    @Override
    public float distance(float[] a, float[] b) {
      return 1f - Vectors.cosine(a, b);
    }

    @Override
    public float score(float distance) {
      return 1f - distance;
    }
  },
  /** Inner product; distance = -dot. Meant for unit vectors, where it equals cosine. */
  DOT {
    @Override
    public float distance(float[] a, float[] b) {
      return -Vectors.dot(a, b);
    }

    @Override
    public float score(float distance) {
      return -distance;
    }
  },
  /** Euclidean distance; score = 1 / (1 + d). */
  L2 {
    @Override
    public float distance(float[] a, float[] b) {
      return (float) Math.sqrt(Vectors.squaredL2(a, b));
    }

    @Override
    public float score(float distance) {
      return 1f / (1f + distance);
    }
  },
  /** Manhattan distance; score = 1 / (1 + d). */
  L1 {
    @Override
    public float distance(float[] a, float[] b) {
      return Vectors.l1(a, b);
    }

    @Override
    public float score(float distance) {
      return 1f / (1f + distance);
    }
  },
  /** Pearson correlation of the components; distance = 1 - r. */
  CORRELATION {
    @Override
    public float distance(float[] a, float[] b) {
      return 1f - Vectors.pearson(a, b);
    }

    @Override
    public float score(float distance) {
      return 1f - distance;
    }
  };

  /** Raw distance between two vectors of equal length: lower means closer. */
  public abstract float distance(float[] a, float[] b);

  /** The similarity score for a distance of this metric: higher means more similar. */
  public abstract float score(float distance);

  /** Parses a metric name as written on a command line ({@code cosine}, {@code l2}, ...). */
  public static Metric parse(String name) {
    String key = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    switch (key) {
      case "EUCLIDEAN" -> key = "L2";
      case "MANHATTAN" -> key = "L1";
      case "PEARSON", "CORR" -> key = "CORRELATION";
      case "INNER_PRODUCT", "IP" -> key = "DOT";
      default -> { }
    }
    try {
      return valueOf(key);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown metric '" + name + "'; expected one of cosine, dot, l2, l1, correlation", e);
    }
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
