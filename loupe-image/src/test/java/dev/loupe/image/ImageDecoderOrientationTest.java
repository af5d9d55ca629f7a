package dev.loupe.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.image.RgbImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.plugins.tiff.BaselineTIFFTagSet;
import javax.imageio.plugins.tiff.TIFFDirectory;
import javax.imageio.plugins.tiff.TIFFField;
import javax.imageio.plugins.tiff.TIFFTag;
import javax.imageio.stream.ImageOutputStream;
import dev.loupe.testing.TestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** EXIF orientation, written into real JPEGs, PNGs, WebPs and TIFFs, is applied on decode. */
class ImageDecoderOrientationTest {

  static byte[] jpeg;
  static RgbImage stored;

  @BeforeAll
  static void load() throws Exception {
    jpeg = TestImages.bytes(TestImages.LOTUS); // 237 x 300, has a JFIF APP0 and no EXIF
    stored = Decoding.decodeBytes(jpeg).image();
  }

  /** The JPEG with an EXIF APP1 segment right after SOI (before APP0, which readers accept). */
  static byte[] withOrientation(int value, boolean littleEndian) {
    return TestImages.splice(jpeg, 2, TestImages.exifApp1(value, littleEndian));
  }

  @Test
  void orientation6IsRotatedClockwise() throws Exception {
    DecodedImage d = Decoding.decodeBytes(withOrientation(6, false));
    assertEquals(300, d.image().width());
    assertEquals(237, d.image().height());
    assertEquals(300, d.originalWidth());
    assertEquals(237, d.originalHeight());
    // Rotating clockwise brings the stored bottom-left corner to the top-left.
    for (int c = 0; c < 3; c++) assertEquals(stored.get(0, 299, c), d.image().get(0, 0, c));
    assertArrayEquals(TestImages.upright(stored, 6).rgb(), d.image().rgb());
  }

  @Test
  void orientation3IsRotated180() throws Exception {
    DecodedImage d = Decoding.decodeBytes(withOrientation(3, true));
    assertEquals(237, d.image().width());
    assertEquals(300, d.image().height());
    for (int c = 0; c < 3; c++) assertEquals(stored.get(236, 299, c), d.image().get(0, 0, c));
    assertArrayEquals(TestImages.upright(stored, 3).rgb(), d.image().rgb());
  }

  @Test
  void orientation8IsRotatedCounterClockwise() throws Exception {
    DecodedImage d = Decoding.decodeBytes(withOrientation(8, false));
    assertEquals(300, d.image().width());
    assertEquals(237, d.image().height());
    // Rotating counter-clockwise brings the stored top-right corner to the top-left.
    for (int c = 0; c < 3; c++) assertEquals(stored.get(236, 0, c), d.image().get(0, 0, c));
    assertArrayEquals(TestImages.upright(stored, 8).rgb(), d.image().rgb());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
  void allEightOrientationsBothByteOrders(int value) throws Exception {
    RgbImage expected = TestImages.upright(stored, value);
    for (boolean little : new boolean[] {false, true}) {
      DecodedImage d = Decoding.decodeBytes(withOrientation(value, little));
      assertArrayEquals(expected.rgb(), d.image().rgb(), "orientation " + value + (little ? " II" : " MM"));
      assertEquals(expected.width(), d.originalWidth());
      assertEquals(expected.height(), d.originalHeight());
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 9, 255})
  void outOfRangeValuesMeanUpright(int value) throws Exception {
    assertArrayEquals(stored.rgb(), Decoding.decodeBytes(withOrientation(value, false)).image().rgb());
  }

  @Test
  void brokenExifIsIgnoredNotFatal() throws Exception {
    byte[] app1 = TestImages.exifApp1(6, false);
    app1[14] = 0x7F; // IFD0 offset now points far past the segment
    RgbImage d = Decoding.decodeBytes(TestImages.splice(jpeg, 2, app1)).image();
    assertArrayEquals(stored.rgb(), d.rgb());
  }

  @Test
  void pngExifChunkIsApplied() throws Exception {
    byte[] png = TestImages.write(BufferedImages.toBufferedImage(stored), "png");
    // eXIf must precede IDAT; put it right after IHDR (8-byte signature + 25-byte IHDR chunk).
    byte[] withExif = TestImages.splice(png, 33, TestImages.pngChunk("eXIf", TestImages.exifTiff(6, false)));
    DecodedImage d = Decoding.decodeBytes(withExif);
    assertArrayEquals(TestImages.upright(stored, 6).rgb(), d.image().rgb());
  }

  @Test
  void webpExifChunkIsAppliedWithOrWithoutTheJpegPrefix() throws Exception {
    byte[] webp = WebPLosslessWriter.encode(stored);
    for (boolean prefixed : new boolean[] {false, true}) {
      byte[] tiff = TestImages.exifTiff(8, true);
      byte[] payload = prefixed ? TestImages.splice(tiff, 0, "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1)) : tiff;
      DecodedImage d = Decoding.decodeBytes(withRiffChunk(webp, "EXIF", payload));
      assertArrayEquals(TestImages.upright(stored, 8).rgb(), d.image().rgb(), prefixed ? "Exif-prefixed" : "bare");
    }
  }

  @Test
  void tiffOrientationTagIsApplied() throws Exception {
    DecodedImage d = Decoding.decodeBytes(tiffWithOrientation(5));
    assertEquals("tiff", d.format());
    assertArrayEquals(TestImages.upright(stored, 5).rgb(), d.image().rgb());
  }

  @Test
  void exifWithAnEndlessIfdChainIsIgnoredNotFatal() throws Exception {
    byte[] tiff = TestImages.exifTiff(6, false);
    tiff[25] = 8; // IFD0's next-IFD offset points back at IFD0 itself
    byte[] png = TestImages.write(BufferedImages.toBufferedImage(stored), "png");
    DecodedImage d = Decoding.decodeBytes(TestImages.splice(png, 33, TestImages.pngChunk("eXIf", tiff)));
    assertEquals(stored.width() * stored.height() * 3, d.image().rgb().length, "decoded, whatever the tag says");
  }

  /** The WebP with one more RIFF chunk at its end, and the RIFF size updated to match. */
  private static byte[] withRiffChunk(byte[] webp, String type, byte[] data) {
    ByteBuffer chunk = ByteBuffer.allocate(8 + data.length + (data.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
    chunk.put(type.getBytes(StandardCharsets.ISO_8859_1)).putInt(data.length).put(data);
    byte[] out = TestImages.splice(webp, webp.length, chunk.array());
    ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(4, out.length - 8);
    return out;
  }

  /** The stored image as a TIFF whose IFD0 carries the orientation tag, written by the JDK's TIFF writer. */
  private static byte[] tiffWithOrientation(int orientation) throws Exception {
    ImageWriter writer = null;
    for (Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("tiff"); it.hasNext(); ) {
      ImageWriter w = it.next();
      if (w.getClass().getName().startsWith("com.sun.")) writer = w;
    }
    assertNotNull(writer, "the JDK's TIFF writer");
    BufferedImage image = BufferedImages.toBufferedImage(stored);
    ImageWriteParam param = writer.getDefaultWriteParam();
    IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
    TIFFDirectory dir = TIFFDirectory.createFromMetadata(meta);
    TIFFTag tag = BaselineTIFFTagSet.getInstance().getTag(BaselineTIFFTagSet.TAG_ORIENTATION);
    dir.addTIFFField(new TIFFField(tag, TIFFTag.TIFF_SHORT, 1, new char[] {(char) orientation}));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(ios);
      writer.write(null, new IIOImage(image, null, dir.getAsMetadata()), param);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  @Test
  void orientationAppliesToSubsampledDecodes() throws Exception {
    DecodedImage d = ImageDecoder.decode(withOrientation(6, false), "rotated", new DecodeOptions(1_000_000, 50));
    assertTrue(d.subsampled());
    assertEquals(300, d.originalWidth());
    assertEquals(237, d.originalHeight());
    assertEquals(150, d.image().width(), "237x300 subsampled by 2 is 119x150 (118x150), then rotated");
    // ImageIO's subsampling keeps the partial last column (ceil), libjpeg's DCT scaling drops it (floor).
    assertTrue(d.image().height() == 119 || d.image().height() == 118, "height " + d.image().height());
  }

  @Test
  void orientationApplyMatchesDefinitionsOnATinyImage() {
    // 3 x 2 image whose red channel numbers the pixels 0..5 row by row.
    byte[] rgb = new byte[18];
    for (int i = 0; i < 6; i++) rgb[3 * i] = (byte) i;
    RgbImage tiny = new RgbImage(3, 2, rgb);
    // Rotating [[0,1,2],[3,4,5]] clockwise gives [[3,0],[4,1],[5,2]].
    assertArrayEquals(new int[] {3, 0, 4, 1, 5, 2}, reds(Orientation.ROTATE_90_CW.apply(tiny)));
    assertArrayEquals(new int[] {2, 5, 1, 4, 0, 3}, reds(Orientation.ROTATE_90_CCW.apply(tiny)));
    assertArrayEquals(new int[] {0, 3, 1, 4, 2, 5}, reds(Orientation.TRANSPOSE.apply(tiny)));
    assertArrayEquals(new int[] {5, 2, 4, 1, 3, 0}, reds(Orientation.TRANSVERSE.apply(tiny)));
    assertArrayEquals(new int[] {5, 4, 3, 2, 1, 0}, reds(Orientation.ROTATE_180.apply(tiny)));
    assertArrayEquals(new int[] {2, 1, 0, 5, 4, 3}, reds(Orientation.MIRROR_HORIZONTAL.apply(tiny)));
    assertArrayEquals(new int[] {3, 4, 5, 0, 1, 2}, reds(Orientation.MIRROR_VERTICAL.apply(tiny)));
    for (Orientation o : Orientation.values()) {
      assertArrayEquals(TestImages.upright(tiny, o.exifValue()).rgb(), o.apply(tiny).rgb(), o.name());
    }
  }

  private static int[] reds(RgbImage img) {
    int[] out = new int[img.width() * img.height()];
    for (int i = 0; i < out.length; i++) out[i] = img.rgb()[3 * i];
    return out;
  }
}
