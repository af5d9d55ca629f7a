package dev.loupe.report;

import java.util.Objects;

/**
 * One bar of {@link Charts#barsWithChance}: a configuration's score and what a random ranking would score.
 *
 * @param name the configuration, shown beside the bar
 * @param value the score (e.g. mAP), finite and non-negative
 * @param chance the score of a random ranking on the same data (for mAP roughly the fraction of relevant items),
 *     finite and non-negative
 */
public record Bar(String name, double value, double chance) {

  public Bar {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) throw new IllegalArgumentException("bar name must not be blank");
    if (!Double.isFinite(value) || value < 0) {
      throw new IllegalArgumentException("bar " + name + ": value must be finite and >= 0, got: " + value);
    }
    if (!Double.isFinite(chance) || chance < 0) {
      throw new IllegalArgumentException("bar " + name + ": chance must be finite and >= 0, got: " + chance);
    }
  }
}
