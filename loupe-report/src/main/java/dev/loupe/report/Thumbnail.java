package dev.loupe.report;

import java.awt.image.BufferedImage;

/**
 * A decoded, fitted thumbnail, or why there is none.
 *
 * @param image the picture fitted inside the box (aspect ratio kept), or null when the file could not be decoded
 * @param problem the one-line reason when {@code image} is null
 */
record Thumbnail(BufferedImage image, String problem) {

  static Thumbnail of(BufferedImage image) {
    return new Thumbnail(image, null);
  }

  static Thumbnail unreadable(String problem) {
    return new Thumbnail(null, problem);
  }

  boolean readable() {
    return image != null;
  }
}
