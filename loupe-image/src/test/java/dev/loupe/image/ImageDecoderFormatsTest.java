package dev.loupe.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.image.RgbImage;
import dev.loupe.testing.SharedData;
import dev.loupe.testing.TestImages;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every supported format decodes a real photo back to (nearly) the pixels it was written from. */
class ImageDecoderFormatsTest {

  static RgbImage lotus;

  @BeforeAll
  static void load() throws Exception {
    lotus = Decoding.decode(TestImages.LOTUS);
  }

  @Test
  void baselineJpegMatchesPillowBitForBit() throws Exception {
    DecodedImage d = ImageDecoder.decode(TestImages.caltech(TestImages.LOTUS));
    assertEquals("jpeg", d.format());
    assertEquals(237, d.image().width());
    assertEquals(300, d.image().height());
    assertFalse(d.subsampled());
    // SHA-256 of Pillow 9.4 (libjpeg-turbo) Image.open(...).convert("RGB").tobytes() for the same file.
    assertEquals("e2758109b48fb0eee0543a7b068b4501484cd282a847c410318d5142b6faf68b", sha256(d.image().rgb()));
  }

  @Test
  void greyscaleJpegKeepsItsGreyValues() throws Exception {
    // Java2D would treat TYPE_BYTE_GRAY as linear grey and brighten it; every other decoder copies v to (v,v,v).
    RgbImage car = Decoding.decode(TestImages.CAR_SIDE);
    Raster grey = ImageIO.read(TestImages.caltech(TestImages.CAR_SIDE).toFile()).getRaster();
    assertEquals(1, grey.getNumBands());
    for (int y = 0; y < car.height(); y += 7) {
      for (int x = 0; x < car.width(); x += 5) {
        int v = grey.getSample(x, y, 0);
        assertEquals(v, car.get(x, y, 0));
        assertEquals(v, car.get(x, y, 1));
        assertEquals(v, car.get(x, y, 2));
      }
    }
    assertEquals("5e9a22e7e7af7273cac1ab57b26b78ce8b7bebf0b4f85c2481427aa158afc08c", sha256(car.rgb())); // Pillow
  }

  @Test
  void progressiveJpeg() throws Exception {
    byte[] jpeg = TestImages.writeJpeg(BufferedImages.toBufferedImage(lotus), 0.95f, true);
    assertTrue(HexFormat.of().formatHex(jpeg).contains("ffc2"), "written as progressive (SOF2)");
    DecodedImage d = Decoding.decodeBytes(jpeg);
    assertEquals("jpeg", d.format());
    assertClose(lotus, d.image(), 3.0);
  }

  @Test
  void cmykJpegWithAdobeMarker() throws Exception {
    // Adobe (Photoshop) CMYK JPEGs store inverted ink values and an APP14 "Adobe" segment, transform 0.
    // Also shows the TwelveMonkeys reader is the one used: the JDK's reads this file with a mean error of 40.
    byte[] jpeg = TestImages.writeJpeg(cmykRaster(lotus, false), 0.95f, false);
    DecodedImage d = Decoding.decodeBytes(withAdobeSegment(jpeg, 0));
    assertClose(lotus, d.image(), 6.0); // naive RGB->CMYK here vs the reader's CMYK profile: about 2.7 measured
  }

  @Test
  void ycckJpeg() throws Exception {
    // YCCK: the inverted C, M, Y are stored as YCbCr (of 255 - stored value), K as is; APP14 transform 2.
    byte[] jpeg = TestImages.writeJpeg(cmykRaster(lotus, true), 0.95f, false);
    DecodedImage d = Decoding.decodeBytes(withAdobeSegment(jpeg, 2));
    assertClose(lotus, d.image(), 6.0);
  }

  @Test
  void pngWithAlphaIsCompositedOverWhite() throws Exception {
    BufferedImage argb = new BufferedImage(lotus.width(), lotus.height(), BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < lotus.height(); y++) {
      for (int x = 0; x < lotus.width(); x++) {
        int alpha = y < 100 ? 255 : y < 200 ? 128 : 0; // opaque, half, transparent bands
        argb.setRGB(x, y, alpha << 24 | rgb(lotus, x, y));
      }
    }
    RgbImage d = Decoding.decodeBytes(TestImages.write(argb, "png")).image();
    for (int x = 0; x < lotus.width(); x += 3) {
      for (int c = 0; c < 3; c++) {
        assertEquals(lotus.get(x, 50, c), d.get(x, 50, c));
        int half = (lotus.get(x, 150, c) * 128 + 255 * 127 + 127) / 255; // c*a + white*(1-a), rounded
        assertEquals(half, d.get(x, 150, c));
        assertEquals(255, d.get(x, 250, c));
      }
    }
  }

  @Test
  void sixteenBitGreyPng() throws Exception {
    BufferedImage grey16 = new BufferedImage(lotus.width(), lotus.height(), BufferedImage.TYPE_USHORT_GRAY);
    WritableRaster r = grey16.getRaster();
    for (int y = 0; y < lotus.height(); y++) {
      for (int x = 0; x < lotus.width(); x++) r.setSample(x, y, 0, luma(lotus, x, y) * 257); // 8-bit v as 16-bit
    }
    byte[] png = TestImages.write(grey16, "png");
    assertEquals(16, png[24], "IHDR bit depth");
    RgbImage d = Decoding.decodeBytes(png).image();
    for (int y = 0; y < lotus.height(); y += 3) {
      for (int x = 0; x < lotus.width(); x += 3) {
        assertEquals(luma(lotus, x, y), d.get(x, y, 0));
        assertEquals(luma(lotus, x, y), d.get(x, y, 2));
      }
    }
  }

  @Test
  void palettePng() throws Exception {
    BufferedImage indexed = quantised332(lotus);
    RgbImage d = Decoding.decodeBytes(TestImages.write(indexed, "png")).image();
    assertArrayEquals(BufferedImages.toRgb(indexed).rgb(), d.rgb());
    assertClose(lotus, d, 20.0); // 3-3-2 bit colour costs about 10 per channel on average
  }

  @Test
  void gifDecodesTheFirstFrame() throws Exception {
    BufferedImage first = quantised332(lotus);
    BufferedImage second = quantised332(new RgbImage(lotus.width(), lotus.height(), new byte[lotus.rgb().length]));
    ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(ios);
      writer.prepareWriteSequence(null);
      writer.writeToSequence(new IIOImage(first, null, null), null);
      writer.writeToSequence(new IIOImage(second, null, null), null);
      writer.endWriteSequence();
    } finally {
      writer.dispose();
    }
    DecodedImage d = Decoding.decodeBytes(out.toByteArray());
    assertEquals("gif", d.format());
    assertArrayEquals(BufferedImages.toRgb(first).rgb(), d.image().rgb());
  }

  @Test
  void bmp() throws Exception {
    DecodedImage d = Decoding.decodeBytes(TestImages.write(bgr(lotus), "bmp"));
    assertEquals("bmp", d.format());
    assertArrayEquals(lotus.rgb(), d.image().rgb());
  }

  @Test
  void tiff() throws Exception {
    DecodedImage d = Decoding.decodeBytes(TestImages.write(bgr(lotus), "tiff"));
    assertEquals("tiff", d.format());
    assertArrayEquals(lotus.rgb(), d.image().rgb());
  }

  @Test
  void losslessWebp() throws Exception {
    DecodedImage d = Decoding.decodeBytes(WebPLosslessWriter.encode(lotus));
    assertEquals("webp", d.format());
    assertArrayEquals(lotus.rgb(), d.image().rgb());
  }

  @Test
  void concurrentDecodesAgreeWithSequentialOnes() throws Exception {
    List<Path> files = SharedData.filesUnder(SharedData.caltechTest()).subList(0, 24);
    List<byte[]> sequential = new ArrayList<>();
    for (Path f : files) sequential.add(ImageDecoder.decode(f).image().rgb());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<byte[]>> parallel = new ArrayList<>();
      for (int round = 0; round < 2; round++) {
        for (Path f : files) parallel.add(pool.submit(() -> ImageDecoder.decode(f).image().rgb()));
      }
      for (int i = 0; i < parallel.size(); i++) {
        assertArrayEquals(sequential.get(i % files.size()), parallel.get(i).get(), files.get(i % files.size()).toString());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void formatComesFromTheBytesNotTheName(@TempDir Path dir) throws Exception {
    Path misnamed = dir.resolve("photo.jpg");
    Files.write(misnamed, TestImages.write(bgr(lotus), "png"));
    DecodedImage d = ImageDecoder.decode(misnamed);
    assertEquals("png", d.format());
    assertArrayEquals(lotus.rgb(), d.image().rgb());
  }

  // --- helpers

  static void assertClose(RgbImage expected, RgbImage actual, double maxMeanAbsDiff) {
    double mad = TestImages.meanAbsDiff(expected, actual);
    assertTrue(mad <= maxMeanAbsDiff, "mean abs diff " + mad + " > " + maxMeanAbsDiff);
  }

  private static int rgb(RgbImage img, int x, int y) {
    return img.get(x, y, 0) << 16 | img.get(x, y, 1) << 8 | img.get(x, y, 2);
  }

  private static int luma(RgbImage img, int x, int y) {
    return (299 * img.get(x, y, 0) + 587 * img.get(x, y, 1) + 114 * img.get(x, y, 2)) / 1000;
  }

  private static BufferedImage bgr(RgbImage img) {
    BufferedImage out = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < img.height(); y++) {
      for (int x = 0; x < img.width(); x++) out.setRGB(x, y, rgb(img, x, y));
    }
    return out;
  }

  /** A palette image: 3 bits red, 3 green, 2 blue, palette entries at the centre of each bin. */
  private static BufferedImage quantised332(RgbImage img) {
    byte[] r = new byte[256];
    byte[] g = new byte[256];
    byte[] b = new byte[256];
    for (int i = 0; i < 256; i++) {
      r[i] = (byte) ((i >> 5) * 32 + 16);
      g[i] = (byte) (((i >> 2) & 7) * 32 + 16);
      b[i] = (byte) ((i & 3) * 64 + 32);
    }
    IndexColorModel palette = new IndexColorModel(8, 256, r, g, b);
    BufferedImage out = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_BYTE_INDEXED, palette);
    WritableRaster raster = out.getRaster();
    for (int y = 0; y < img.height(); y++) {
      for (int x = 0; x < img.width(); x++) {
        int index = (img.get(x, y, 0) >> 5) << 5 | (img.get(x, y, 1) >> 5) << 2 | (img.get(x, y, 2) >> 6);
        raster.setSample(x, y, 0, index);
      }
    }
    return out;
  }

  /** Inverted (Adobe) CMYK from RGB by K = 255 - max(R, G, B); as YCCK when asked. */
  private static Raster cmykRaster(RgbImage img, boolean ycck) {
    WritableRaster out = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, img.width(), img.height(), 4, null);
    int[] px = new int[4];
    for (int y = 0; y < img.height(); y++) {
      for (int x = 0; x < img.width(); x++) {
        int red = img.get(x, y, 0);
        int green = img.get(x, y, 1);
        int blue = img.get(x, y, 2);
        int k = 255 - Math.max(red, Math.max(green, blue));
        // Stored (inverted) values: 255 - ink.
        int c = red + k;
        int m = green + k;
        int ye = blue + k;
        if (ycck) { // JFIF YCbCr of (255 - c, 255 - m, 255 - y)
          double rr = 255 - c;
          double gg = 255 - m;
          double bb = 255 - ye;
          px[0] = clamp(0.299 * rr + 0.587 * gg + 0.114 * bb);
          px[1] = clamp(-0.168736 * rr - 0.331264 * gg + 0.5 * bb + 128);
          px[2] = clamp(0.5 * rr - 0.418688 * gg - 0.081312 * bb + 128);
        } else {
          px[0] = c;
          px[1] = m;
          px[2] = ye;
        }
        px[3] = 255 - k;
        out.setPixel(x, y, px);
      }
    }
    return out;
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }

  /** Inserts an APP14 "Adobe" segment (version 100, no flags, the given transform) after SOI. */
  private static byte[] withAdobeSegment(byte[] jpeg, int transform) {
    byte[] adobe = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, (byte) transform};
    return TestImages.splice(jpeg, 2, adobe);
  }

  static String sha256(byte[] bytes) throws IOException {
    try {
      return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IOException(e);
    }
  }
}
