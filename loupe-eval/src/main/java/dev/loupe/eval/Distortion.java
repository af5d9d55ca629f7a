package dev.loupe.eval;

import dev.loupe.core.image.RgbImage;
import java.util.Objects;

/**
 * A distorted copy of an image and what was done to it.
 *
 * @param image the distorted pixels
 * @param description the steps in the order applied, e.g. {@code "crop 0.55 + jpeg q35"}; each step starts with
 *     its {@link Distortions.Kind#label()}, so reports can group by it
 */
public record Distortion(RgbImage image, String description) {

  public Distortion {
    Objects.requireNonNull(image, "image");
    if (description == null || description.isBlank()) {
      throw new IllegalArgumentException("description must not be blank, got: " + (description == null ? "null" : "'" + description + "'"));
    }
  }
}
