package dev.loupe.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.image.RgbImage;
import dev.loupe.image.ImageDecodeException.Kind;
import dev.loupe.testing.TestImages;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The libvips decoder on its own (no fallback): real libvips, real photos and the fuzz corpus's files. */
class VipsDecoderTest {
  private static final VipsDecoder VIPS = VipsTesting.decoder();
  private static final ImageIoDecoder IMAGEIO = ImageIoDecoder.INSTANCE;

  @TempDir Path dir;

  static byte[] corpus(String name) throws Exception {
    try (InputStream in = VipsDecoderTest.class.getResourceAsStream("ImageDecoderFuzzTestInputs/decode/" + name)) {
      return in.readAllBytes();
    }
  }

  private static ImageDecodeException fails(byte[] bytes, DecodeOptions options) {
    return assertThrows(ImageDecodeException.class, () -> VIPS.read(bytes, "x", options));
  }

  @ParameterizedTest
  @ValueSource(strings = {"photo-12x8.jpg", "photo-12x8-progressive.jpg", "photo-12x8-exif6.jpg", "photo-4x3.png",
      "photo-4x3-exif3.png", "photo-4x3.webp", "photo-4x3.tiff"})
  void decodesWhatImageIoDecodesUprightAndAlike(String name) throws Exception {
    byte[] bytes = corpus(name);
    DecodedImage viaVips = VIPS.read(bytes, name, DecodeOptions.DEFAULTS);
    DecodedImage viaImageIo = IMAGEIO.read(bytes, name, DecodeOptions.DEFAULTS);
    assertEquals(viaImageIo.format(), viaVips.format());
    assertEquals(viaImageIo.image().width() + "x" + viaImageIo.image().height(),
        viaVips.image().width() + "x" + viaVips.image().height(), "same upright size (EXIF orientation applied)");
    assertEquals(viaImageIo.originalWidth(), viaVips.originalWidth());
    // Lossless formats give the same samples; JPEG decoders differ in IDCT and chroma upsampling by a few levels.
    double diff = TestImages.meanAbsDiff(viaImageIo.image(), viaVips.image());
    assertTrue(diff < (name.endsWith(".jpg") ? 6 : 0.5), name + ": mean |difference| " + diff);
  }

  @Test
  void interlacedGifHasThePhotosRows() throws Exception {
    // The corpus GIF is interlaced (rows stored 0, 2, 1); libnsgif puts them back as the PNG of the same photo
    // has them. ImageIO's GIF reader does not for so few rows (row 1 comes out as the background colour), which
    // is why this compares with the PNG, not with ImageIO.
    RgbImage gif = VIPS.read(corpus("photo-4x3.gif"), "gif", DecodeOptions.DEFAULTS).image();
    RgbImage png = VIPS.read(corpus("photo-4x3.png"), "png", DecodeOptions.DEFAULTS).image();
    double diff = TestImages.meanAbsDiff(png, gif);
    assertTrue(diff < 8, "16-colour palette vs truecolour: mean |difference| " + diff);
  }

  @Test
  void losslessWebpIsExact() throws Exception {
    RgbImage photo = IMAGEIO.read(corpus("photo-12x8.jpg"), "jpeg", DecodeOptions.DEFAULTS).image();
    byte[] webp = WebPLosslessWriter.encode(photo);
    RgbImage back = VIPS.read(webp, "webp", DecodeOptions.DEFAULTS).image();
    org.junit.jupiter.api.Assertions.assertArrayEquals(photo.rgb(), back.rgb());
  }

  @Test
  void realPhotoAtFullSizeMatchesImageIo() throws Exception {
    byte[] bytes = TestImages.bytes(TestImages.AIRPLANE);
    RgbImage a = VIPS.read(bytes, "airplane", DecodeOptions.DEFAULTS).image();
    RgbImage b = IMAGEIO.read(bytes, "airplane", DecodeOptions.DEFAULTS).image();
    assertEquals(b.width(), a.width());
    assertEquals(b.height(), a.height());
    double diff = TestImages.meanAbsDiff(a, b);
    assertTrue(diff < 2, "mean |difference| " + diff);
  }

  @Test
  void shrinksJpegOnLoadButNeverBelowTwiceWhatTheEmbedderNeeds() throws Exception {
    byte[] bytes = TestImages.bytes(TestImages.LOTUS);
    DecodedImage full = VIPS.read(bytes, "lotus", DecodeOptions.DEFAULTS);
    int shorter = Math.min(full.originalWidth(), full.originalHeight());
    int need = shorter / 5; // shorter / 2 >= 2 * need > shorter / 4: libjpeg's DCT scaling by 1/2, not 1/4
    DecodedImage small = VIPS.read(bytes, "lotus", DecodeOptions.DEFAULTS.withMinShorterSide(need));
    assertEquals(shorter / 2, Math.min(small.image().width(), small.image().height()), "libvips rounds down");
    assertTrue(Math.min(small.image().width(), small.image().height()) >= 2 * need);
    assertEquals(full.originalWidth(), small.originalWidth());
    assertEquals(full.originalHeight(), small.originalHeight());
    assertTrue(small.subsampled());
    // An embedder that needs more than a quarter of the photo gets it whole.
    DecodedImage whole = VIPS.read(bytes, "lotus", DecodeOptions.DEFAULTS.withMinShorterSide(shorter / 4 + 1));
    assertEquals(full.image().width(), whole.image().width());
  }

  @Test
  void jpegShrinkFactorKeepsTwiceTheMinimum() {
    DecodeOptions m100 = DecodeOptions.DEFAULTS.withMinShorterSide(100);
    assertEquals(1, VipsDecoder.jpegShrink(399, m100)); // 399 / 2 = 199 < 200
    assertEquals(2, VipsDecoder.jpegShrink(400, m100)); // 400 / 2 = 200 >= 200
    assertEquals(4, VipsDecoder.jpegShrink(800, m100));
    assertEquals(8, VipsDecoder.jpegShrink(100_000, m100), "libjpeg scales by 1/8 at most");
    assertEquals(1, VipsDecoder.jpegShrink(100_000, DecodeOptions.DEFAULTS), "0 = never shrink");
  }

  @Test
  void pixelLimitComesFromTheHeaderBeforeAnyPixelIsDecoded() throws Exception {
    // A real 12x8 JPEG whose frame header is rewritten to declare 60000x50000: only the header can say so, the
    // data is 96 pixels; a decoder that decoded first would fail with "corrupt", not "too large".
    byte[] jpeg = corpus("photo-12x8.jpg").clone();
    int sof = sofOffset(jpeg);
    jpeg[sof + 5] = (byte) (50000 >> 8);
    jpeg[sof + 6] = (byte) (50000 & 0xFF);
    jpeg[sof + 7] = (byte) (60000 >> 8);
    jpeg[sof + 8] = (byte) (60000 & 0xFF);
    ImageDecodeException e = fails(jpeg, DecodeOptions.DEFAULTS);
    assertEquals(Kind.TOO_LARGE, e.kind());
    assertEquals("too large: 60000x50000 = 3000 MP exceeds the 100 MP limit", e.getMessage());
  }

  private static int sofOffset(byte[] jpeg) {
    for (int i = 2; i + 1 < jpeg.length; i++) {
      if ((jpeg[i] & 0xFF) == 0xFF && ((jpeg[i + 1] & 0xFF) == 0xC0 || (jpeg[i + 1] & 0xFF) == 0xC2)) return i;
    }
    throw new AssertionError("no SOF marker");
  }

  @Test
  void truncatedPngIsNamedWithLibvipsReason() throws Exception {
    byte[] png = TestImages.write(BufferedImages.toBufferedImage(Decoding.decode(TestImages.LOTUS)), "png");
    ImageDecodeException e = fails(Arrays.copyOf(png, png.length / 2), DecodeOptions.DEFAULTS);
    assertEquals(Kind.TRUNCATED, e.kind(), e.getMessage());
    assertTrue(e.getMessage().startsWith("truncated PNG (libvips: "), e.getMessage());
  }

  @Test
  void truncatedHeicIsARefusalNotAGreyPicture() throws Exception {
    byte[] heic = VipsTesting.convert(TestImages.caltech(TestImages.LOTUS), dir, "lotus.heic");
    ImageDecodeException e = fails(Arrays.copyOf(heic, heic.length * 2 / 3), DecodeOptions.DEFAULTS);
    assertTrue(e.getMessage().startsWith("truncated HEIF (libvips: ") || e.getMessage().startsWith("corrupt HEIF"),
        e.getMessage());
  }

  @Test
  void bmpIsNotALibvipsFormat() throws Exception {
    ImageDecodeException e = fails(corpus("photo-4x3.bmp"), DecodeOptions.DEFAULTS);
    assertEquals(Kind.UNSUPPORTED, e.kind());
    assertTrue(e.getMessage().startsWith("unsupported BMP"), e.getMessage());
  }

  @Test
  void notAnImageGetsTheSameReasonAsImageIo() throws Exception {
    byte[] csv = "id,image\n1,a.jpg\n".getBytes();
    assertEquals(assertThrows(ImageDecodeException.class, () -> IMAGEIO.read(csv, "x", DecodeOptions.DEFAULTS))
        .getMessage(), fails(csv, DecodeOptions.DEFAULTS).getMessage());
    assertEquals(Kind.EMPTY, fails(new byte[0], DecodeOptions.DEFAULTS).kind());
  }

  @ParameterizedTest
  @ValueSource(strings = {"heic", "avif", "jxl"})
  void readsFormatsImageIoCannot(String ext) throws Exception {
    Path photo = TestImages.caltech(TestImages.AIRPLANE);
    byte[] bytes = VipsTesting.convert(photo, dir, "airplane." + ext + (ext.equals("jxl") ? "" : "[Q=90]"));
    String label = switch (ext) {
      case "heic" -> "heif";
      case "avif" -> "avif";
      default -> "jpegxl";
    };
    assertEquals(Kind.UNSUPPORTED,
        assertThrows(ImageDecodeException.class, () -> IMAGEIO.read(bytes, "x", DecodeOptions.DEFAULTS)).kind());
    DecodedImage d = VIPS.read(bytes, "airplane." + ext, DecodeOptions.DEFAULTS);
    RgbImage reference = IMAGEIO.read(Files.readAllBytes(photo), "jpeg", DecodeOptions.DEFAULTS).image();
    assertEquals(label, d.format());
    assertEquals(reference.width(), d.image().width());
    assertEquals(reference.height(), d.image().height());
    double diff = TestImages.meanAbsDiff(reference, d.image());
    assertTrue(diff < 8, ext + " vs the JPEG it was made from: mean |difference| " + diff);
  }

  /**
   * ICC profiles honoured: the photo converted by libvips to Display P3 (numbers 5.4 levels away from the sRGB
   * original on average) and to CMYK, each with its profile embedded, must come back as about the sRGB original.
   */
  @ParameterizedTest
  @ValueSource(strings = {"p3", "cmyk"})
  void embeddedProfilesAreConvertedToSrgb(String profile) throws Exception {
    Path photo = TestImages.caltech(TestImages.AIRPLANE);
    Path out = dir.resolve(profile + ".jpg");
    Process p = new ProcessBuilder("vips", "icc_transform", photo.toString(), out + "[Q=98]", profile,
        "--input-profile", "srgb").redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), log);
    RgbImage original = IMAGEIO.read(Files.readAllBytes(photo), "srgb", DecodeOptions.DEFAULTS).image();
    RgbImage back = VIPS.read(Files.readAllBytes(out), profile, DecodeOptions.DEFAULTS).image();
    double diff = TestImages.meanAbsDiff(original, back);
    // CMYK loses more on the way (black generation, gamut): the bound of ImageDecoderFormatsTest's CMYK cases.
    assertTrue(diff < (profile.equals("cmyk") ? 6 : 2.5), profile + " back to sRGB: mean |difference| " + diff);
  }

  @Test
  void alphaIsCompositedOverWhiteLikeImageIo() throws Exception {
    // A PNG whose left half is transparent: ImageIO and libvips must both show white there.
    java.awt.image.BufferedImage argb = new java.awt.image.BufferedImage(8, 4,
        java.awt.image.BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 8; x++) argb.setRGB(x, y, x < 4 ? 0x00102030 : 0x80FF0000);
    }
    byte[] png = TestImages.write(argb, "png");
    RgbImage a = VIPS.read(png, "alpha", DecodeOptions.DEFAULTS).image();
    RgbImage b = IMAGEIO.read(png, "alpha", DecodeOptions.DEFAULTS).image();
    assertEquals(0, TestImages.meanAbsDiff(a, b));
    assertEquals((byte) 255, a.rgb()[0]);
  }
}
