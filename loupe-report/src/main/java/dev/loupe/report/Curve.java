package dev.loupe.report;

import java.util.Objects;

/**
 * A precision-recall curve: points {@code (recall[i], precision[i])} in drawing order, each in 0..1.
 *
 * <p>The arrays are copied on construction and on access, so a curve cannot change after it is made. (Being
 * arrays, they take no part in {@code equals}; compare curves by their contents if needed.)
 *
 * @param name the configuration, shown in the legend
 */
public record Curve(String name, double[] recall, double[] precision) {

  public Curve {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) throw new IllegalArgumentException("curve name must not be blank");
    Objects.requireNonNull(recall, "recall");
    Objects.requireNonNull(precision, "precision");
    if (recall.length != precision.length) {
      throw new IllegalArgumentException("curve " + name + ": " + recall.length + " recall values but "
          + precision.length + " precision values");
    }
    if (recall.length == 0) throw new IllegalArgumentException("curve " + name + " has no points");
    recall = recall.clone();
    precision = precision.clone();
    checkUnit(name, "recall", recall);
    checkUnit(name, "precision", precision);
  }

  @Override
  public double[] recall() {
    return recall.clone();
  }

  @Override
  public double[] precision() {
    return precision.clone();
  }

  public int size() {
    return recall.length;
  }

  private static void checkUnit(String name, String what, double[] values) {
    for (int i = 0; i < values.length; i++) {
      double v = values[i];
      if (!(v >= 0.0 && v <= 1.0)) { // also rejects NaN
        throw new IllegalArgumentException("curve " + name + ": " + what + "[" + i + "] = " + v + " is not in 0..1");
      }
    }
  }
}
