package dev.loupe.core.image;

/**
 * A decoded image: 8-bit sRGB, interleaved {@code r,g,b} per pixel, rows top to bottom.
 *
 * <p>The pixel array is owned by the image; callers must not modify it after construction.
 */
public record RgbImage(int width, int height, byte[] rgb) {

  public RgbImage {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("image size must be positive, got: " + width + "x" + height);
    }
    if (rgb == null || rgb.length != 3L * width * height) {
      throw new IllegalArgumentException(
          "rgb must hold 3*" + width + "*" + height + " bytes, got: " + (rgb == null ? "null" : rgb.length));
    }
  }

  /** Channel {@code c} (0 = R, 1 = G, 2 = B) of pixel (x, y), 0..255. */
  public int get(int x, int y, int c) {
    return rgb[(y * width + x) * 3 + c] & 0xFF;
  }

  public int shorterSide() {
    return Math.min(width, height);
  }
}
