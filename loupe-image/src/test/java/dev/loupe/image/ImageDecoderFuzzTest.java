package dev.loupe.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.loupe.core.image.RgbImage;
import java.util.List;

/**
 * The decoders' contract under arbitrary bytes: each of them ({@link ImageIoDecoder}, {@link VipsDecoder} on its
 * own, and {@code auto}, libvips with the ImageIO fallback) returns an image or throws
 * {@link ImageDecodeException} with a non-blank one-line reason, never anything else. The native path gets the
 * same corpus: a malformed file must give a reason there too, never a crash of the JVM in native code (which no
 * assertion could catch: the test run itself would die).
 * A hang is caught by the JUnit timeout of junit-platform.properties (also Jazzer's per-input timeout).
 *
 * <p>In the normal test run (regression mode) this replays the seed corpus and every past finding, kept in
 * src/test/resources/dev/loupe/image/ImageDecoderFuzzTestInputs/. With {@code JAZZER_FUZZ=1} it fuzzes for at
 * most {@code maxDuration}; see scripts/fuzz.
 */
class ImageDecoderFuzzTest {
  // Far below the default limit so the fuzzer spends its time on structure, not on filling large rasters: a
  // 300-byte lossless WebP may legitimately declare 1024x513 and take seconds to decode under instrumentation.
  // The limit check itself is exercised by every header that declares more.
  private static final DecodeOptions OPTIONS = DecodeOptions.DEFAULTS.withMaxPixels(250_000);

  private static final List<ImageDecoder> DECODERS =
      List.of(ImageIoDecoder.INSTANCE, VipsTesting.decoder(), ImageDecoder.forName("auto"));

  @FuzzTest(maxDuration = "60s")
  void decode(byte[] bytes) {
    for (ImageDecoder decoder : DECODERS) check(decoder, bytes);
  }

  private static void check(ImageDecoder decoder, byte[] bytes) {
    try {
      DecodedImage decoded = decoder.read(bytes, "fuzz-input", OPTIONS);
      RgbImage image = decoded.image();
      assertNotNull(image);
      assertTrue(image.width() >= 1 && image.height() >= 1, image.width() + "x" + image.height());
      assertEquals(3L * image.width() * image.height(), image.rgb().length, "one RGB triple per pixel");
      assertTrue(decoded.originalWidth() >= image.width() && decoded.originalHeight() >= image.height());
    } catch (ImageDecodeException e) {
      String reason = e.getMessage();
      assertNotNull(reason, "a reason");
      assertFalse(reason.isBlank(), "a non-blank reason");
      assertFalse(reason.contains("\n") || reason.contains("\r"), "one line: " + reason);
      assertEquals("fuzz-input", e.source());
    }
  }
}
