package dev.loupe.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.image.ImageDecodeException.Kind;
import dev.loupe.testing.TestImages;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decoders found by name, {@code auto}'s choice, and its fallback to ImageIO for files libvips refuses. */
class ImageDecoderChoiceTest {
  private static final LibVips.Availability MISSING = LibVips.probe(new String[] {"libvips-not-here.so.1"});

  @TempDir Path dir;

  @Test
  void namesFindTheirDecoders() {
    assertEquals("imageio", ImageDecoder.forName("imageio").name());
    assertEquals("vips", ImageDecoder.forName(" VIPS ").name());
    ImageDecoder auto = ImageDecoder.forName("auto");
    assertInstanceOf(FallbackDecoder.class, auto);
    assertTrue(auto.description().matches("vips \\(libvips \\d+\\.\\d+\\.\\d+\\), falling back to imageio"),
        auto.description());
  }

  @Test
  void unknownNameSaysWhatIsKnown() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageDecoder.forName("pillow"));
    assertEquals("unknown decoder 'pillow': expected auto, imageio or vips (--decoder, system property"
        + " loupe.decoder, environment LOUPE_DECODER)", e.getMessage());
  }

  @Test
  void withoutLibvipsAutoIsImageIoAndVipsSaysHowToFixIt() throws Exception {
    ImageDecoder auto = ActiveDecoder.forName("auto", MISSING);
    assertEquals("auto", auto.name());
    assertTrue(auto.description().startsWith("imageio (Java ImageIO with TwelveMonkeys); libvips not used:"
        + " libvips is not installed"), auto.description());
    byte[] jpeg = TestImages.bytes(TestImages.LOTUS);
    assertArrayEquals(ImageIoDecoder.INSTANCE.read(jpeg, "x", DecodeOptions.DEFAULTS).image().rgb(),
        auto.read(jpeg, "x", DecodeOptions.DEFAULTS).image().rgb());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ActiveDecoder.forName("vips", MISSING));
    assertTrue(e.getMessage().contains("apt-get install libvips42") && e.getMessage().contains("'imageio'"),
        e.getMessage());
  }

  @Test
  void fallsBackToImageIoForWhatLibvipsRefuses() throws Exception {
    byte[] bmp = VipsDecoderTest.corpus("photo-4x3.bmp");
    ImageDecoder auto = ImageDecoder.forName("auto");
    DecodedImage d = auto.read(bmp, "x.bmp", DecodeOptions.DEFAULTS);
    assertEquals("bmp", d.format());
    assertArrayEquals(ImageIoDecoder.INSTANCE.read(bmp, "x", DecodeOptions.DEFAULTS).image().rgb(), d.image().rgb());
  }

  @Test
  void whenBothRefuseAFormatOnlyLibvipsReadsItsReasonIsKept() throws Exception {
    byte[] heic = VipsTesting.convert(TestImages.caltech(TestImages.LOTUS), dir, "lotus.heic");
    byte[] broken = Arrays.copyOf(heic, heic.length / 2);
    ImageDecodeException e = assertThrows(ImageDecodeException.class,
        () -> ImageDecoder.forName("auto").read(broken, "x.heic", DecodeOptions.DEFAULTS));
    assertTrue(e.getMessage().contains("HEIF (libvips: "), e.getMessage());
    assertTrue(e.kind() == Kind.TRUNCATED || e.kind() == Kind.CORRUPT, e.kind().toString());
  }

  @Test
  void overThePixelLimitDoesNotFallBack() throws Exception {
    byte[] jpeg = TestImages.bytes(TestImages.LOTUS);
    ImageDecodeException e = assertThrows(ImageDecodeException.class,
        () -> ImageDecoder.forName("auto").read(jpeg, "x", DecodeOptions.DEFAULTS.withMaxPixels(1000)));
    assertEquals(Kind.TOO_LARGE, e.kind());
    assertTrue(e.getSuppressed().length == 0, "ImageIO was not asked");
  }
}
