package dev.loupe.testing;

import dev.loupe.core.image.RgbImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Real photos from shared/ and small helpers to re-encode and compare them. */
public final class TestImages {
  private TestImages() {}

  /** A colour caltech photo, 237x300. */
  public static final String LOTUS = "train/lotus/image_0001.jpg";
  /** A colour caltech photo, 393x165. */
  public static final String AIRPLANE = "test/airplanes/image_0003.jpg";
  /** A greyscale (one-component) caltech JPEG, 300x197. */
  public static final String CAR_SIDE = "test/car_side/image_0003.jpg";

  public static Path caltech(String relative) {
    return SharedData.data("caltech20").resolve(relative);
  }

  public static byte[] bytes(String caltechRelative) {
    try {
      return Files.readAllBytes(caltech(caltechRelative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Encodes with the first ImageIO writer for the format. */
  public static byte[] write(BufferedImage image, String format) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (!ImageIO.write(image, format, out)) throw new IllegalStateException("no " + format + " writer for " + image);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] writeJpeg(Object imageOrRaster, float quality, boolean progressive) {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
    ImageWriter writer = writers.next();
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
        writer.setOutput(ios);
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        if (progressive) param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        IIOImage iio = imageOrRaster instanceof BufferedImage b
            ? new IIOImage(b, null, null)
            : new IIOImage((java.awt.image.Raster) imageOrRaster, null, null);
        writer.write(null, iio, param);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
  }

  /** Mean absolute difference per channel value, 0..255. */
  public static double meanAbsDiff(RgbImage a, RgbImage b) {
    if (a.width() != b.width() || a.height() != b.height()) {
      throw new AssertionError("sizes differ: " + a.width() + "x" + a.height() + " vs " + b.width() + "x" + b.height());
    }
    long sum = 0;
    byte[] x = a.rgb();
    byte[] y = b.rgb();
    for (int i = 0; i < x.length; i++) sum += Math.abs((x[i] & 0xFF) - (y[i] & 0xFF));
    return (double) sum / x.length;
  }

  /** {@code bytes} with {@code insert} placed at {@code offset}. */
  public static byte[] splice(byte[] bytes, int offset, byte[] insert) {
    byte[] out = new byte[bytes.length + insert.length];
    System.arraycopy(bytes, 0, out, 0, offset);
    System.arraycopy(insert, 0, out, offset, insert.length);
    System.arraycopy(bytes, offset, out, offset + insert.length, bytes.length - offset);
    return out;
  }

  /** A PNG chunk: length, type, data, CRC-32 over type and data. */
  public static byte[] pngChunk(String type, byte[] data) {
    byte[] out = new byte[12 + data.length];
    putInt(out, 0, data.length);
    for (int i = 0; i < 4; i++) out[4 + i] = (byte) type.charAt(i);
    System.arraycopy(data, 0, out, 8, data.length);
    CRC32 crc = new CRC32();
    crc.update(out, 4, 4 + data.length);
    putInt(out, 8 + data.length, (int) crc.getValue());
    return out;
  }

  public static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }

  /**
   * A TIFF block (as stored in EXIF) whose IFD0 holds only the orientation tag, big- or little-endian; written
   * by hand so that the test does not depend on the parser it checks.
   */
  public static byte[] exifTiff(int orientation, boolean littleEndian) {
    byte[] t = new byte[26];
    if (littleEndian) {
      byte[] le = {'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, (byte) orientation, 0, 0, 0, 0, 0, 0, 0};
      System.arraycopy(le, 0, t, 0, le.length);
    } else {
      byte[] be = {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0, 0, 0, 0, 0};
      System.arraycopy(be, 0, t, 0, be.length);
    }
    return t;
  }

  /** A JPEG APP1 segment "Exif\0\0" + TIFF block. */
  public static byte[] exifApp1(int orientation, boolean littleEndian) {
    byte[] tiff = exifTiff(orientation, littleEndian);
    byte[] seg = new byte[4 + 6 + tiff.length];
    seg[0] = (byte) 0xFF;
    seg[1] = (byte) 0xE1;
    int length = 2 + 6 + tiff.length;
    seg[2] = (byte) (length >> 8);
    seg[3] = (byte) length;
    byte[] sig = {'E', 'x', 'i', 'f', 0, 0};
    System.arraycopy(sig, 0, seg, 4, 6);
    System.arraycopy(tiff, 0, seg, 10, tiff.length);
    return seg;
  }

  /**
   * The upright version of a stored image under EXIF orientation {@code v}, pixel by pixel from the definitions
   * (an independent check of {@code Orientation.apply}). Source pixel of output (X, Y), W x H stored:
   * 2 (W-1-X, Y); 3 (W-1-X, H-1-Y); 4 (X, H-1-Y); 5 (Y, X); 6 (Y, H-1-X); 7 (W-1-Y, H-1-X); 8 (W-1-Y, X).
   */
  public static RgbImage upright(RgbImage stored, int v) {
    int w = stored.width();
    int h = stored.height();
    boolean swap = v >= 5;
    int ow = swap ? h : w;
    int oh = swap ? w : h;
    byte[] out = new byte[3 * ow * oh];
    for (int y = 0; y < oh; y++) {
      for (int x = 0; x < ow; x++) {
        int sx;
        int sy;
        switch (v) {
          case 2 -> { sx = w - 1 - x; sy = y; }
          case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }
          case 4 -> { sx = x; sy = h - 1 - y; }
          case 5 -> { sx = y; sy = x; }
          case 6 -> { sx = y; sy = h - 1 - x; }
          case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }
          case 8 -> { sx = w - 1 - y; sy = x; }
          default -> { sx = x; sy = y; }
        }
        for (int c = 0; c < 3; c++) out[3 * (y * ow + x) + c] = (byte) stored.get(sx, sy, c);
      }
    }
    return new RgbImage(ow, oh, out);
  }
}
