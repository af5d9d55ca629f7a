package dev.loupe.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Assertions comparing a decoder's output with ImageIO's. */
final class RgbCheck {
  private RgbCheck() {}

  static void assertSameSize(ImageDecoder reference, byte[] bytes, int width, int height) {
    try {
      DecodedImage d = reference.read(bytes, "reference", DecodeOptions.DEFAULTS);
      assertEquals(d.originalWidth() + "x" + d.originalHeight(), width + "x" + height);
    } catch (ImageDecodeException e) {
      throw new AssertionError(e);
    }
  }
}
