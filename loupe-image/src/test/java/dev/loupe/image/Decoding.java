package dev.loupe.image;

import dev.loupe.core.image.RgbImage;
import dev.loupe.testing.TestImages;

/** Decodes test files the way Loupe does (the image fixtures themselves live in the test framework). */
final class Decoding {
  private Decoding() {}

  static RgbImage decode(String caltechRelative) throws ImageDecodeException {
    return ImageDecoder.decode(TestImages.caltech(caltechRelative)).image();
  }

  static DecodedImage decodeBytes(byte[] bytes) throws ImageDecodeException {
    return ImageDecoder.decode(bytes, "test", DecodeOptions.DEFAULTS);
  }
}
