package dev.loupe.image;

import dev.loupe.core.image.RgbImage;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.SinglePixelPackedSampleModel;

/**
 * Converts between {@link BufferedImage} and {@link RgbImage}.
 *
 * <p>Grey, palette, 16-bit and alpha images are converted from their raw samples, not through Java2D colour
 * conversion: Java treats {@code TYPE_BYTE_GRAY} as linear grey and would brighten it, while every other decoder
 * (libjpeg, Pillow, browsers) copies a grey value v to (v, v, v). Only images in other colour spaces (CMYK left
 * unconverted, embedded ICC profiles, float samples) go through {@link ColorConvertOp}. Transparent pixels are
 * composited over white, since the embedders see no alpha and white is how such images are viewed.
 */
public final class BufferedImages {
  private BufferedImages() {}

  /** The image as 8-bit sRGB, alpha composited over white. */
  public static RgbImage toRgb(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    byte[] out = new byte[Math.multiplyExact(3, Math.multiplyExact(w, h))];
    ColorModel cm = image.getColorModel();
    Raster raster = image.getRaster();
    if (isPlainBgr(image)) {
      copyBgr(raster, out);
    } else if (image.getType() == BufferedImage.TYPE_INT_RGB && isPlainInt(raster)) {
      copyIntRgb(raster, out);
    } else if (cm instanceof IndexColorModel icm) {
      copyIndexed(raster, icm, out);
    } else if (hasRawSamples(cm, raster)) {
      copyComponents(raster, cm, out);
    } else {
      copyConverted(image, out);
    }
    return new RgbImage(w, h, out);
  }

  /** An {@code TYPE_INT_RGB} copy of the image, for writing it with ImageIO or drawing it. */
  public static BufferedImage toBufferedImage(RgbImage image) {
    int w = image.width();
    int h = image.height();
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int[] data = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
    byte[] rgb = image.rgb();
    for (int i = 0, p = 0; i < data.length; i++, p += 3) {
      data[i] = (rgb[p] & 0xFF) << 16 | (rgb[p + 1] & 0xFF) << 8 | (rgb[p + 2] & 0xFF);
    }
    return out;
  }

  // The common JPEG case: bytes B,G,R per pixel, rows packed.
  private static boolean isPlainBgr(BufferedImage image) {
    if (image.getType() != BufferedImage.TYPE_3BYTE_BGR) return false;
    Raster r = image.getRaster();
    return r.getParent() == null
        && r.getSampleModel() instanceof PixelInterleavedSampleModel sm
        && sm.getPixelStride() == 3
        && sm.getScanlineStride() == 3 * r.getWidth()
        && r.getDataBuffer().getNumBanks() == 1
        && r.getDataBuffer().getOffset() == 0
        && r.getSampleModelTranslateX() == 0
        && r.getSampleModelTranslateY() == 0;
  }

  private static void copyBgr(Raster raster, byte[] out) {
    byte[] bgr = ((DataBufferByte) raster.getDataBuffer()).getData();
    int[] offsets = ((PixelInterleavedSampleModel) raster.getSampleModel()).getBandOffsets();
    int r = offsets[0];
    int g = offsets[1];
    int b = offsets[2];
    for (int p = 0; p < out.length; p += 3) {
      out[p] = bgr[p + r];
      out[p + 1] = bgr[p + g];
      out[p + 2] = bgr[p + b];
    }
  }

  private static boolean isPlainInt(Raster r) {
    return r.getParent() == null
        && r.getSampleModel() instanceof SinglePixelPackedSampleModel sm
        && sm.getScanlineStride() == r.getWidth()
        && r.getDataBuffer().getOffset() == 0
        && r.getSampleModelTranslateX() == 0
        && r.getSampleModelTranslateY() == 0;
  }

  private static void copyIntRgb(Raster raster, byte[] out) {
    int[] data = ((DataBufferInt) raster.getDataBuffer()).getData();
    int n = raster.getWidth() * raster.getHeight();
    for (int i = 0, p = 0; i < n; i++, p += 3) {
      int v = data[i];
      out[p] = (byte) (v >> 16);
      out[p + 1] = (byte) (v >> 8);
      out[p + 2] = (byte) v;
    }
  }

  private static void copyIndexed(Raster raster, IndexColorModel icm, byte[] out) {
    int size = icm.getMapSize();
    int[] lut = new int[size];
    for (int i = 0; i < size; i++) lut[i] = overWhite(icm.getRGB(i));
    int w = raster.getWidth();
    int h = raster.getHeight();
    int[] row = new int[w];
    int p = 0;
    for (int y = 0; y < h; y++) {
      raster.getSamples(0, y, w, 1, 0, row);
      for (int x = 0; x < w; x++) {
        int index = row[x];
        int rgb = index >= 0 && index < size ? lut[index] : 0; // an index past the palette: black, as libpng does
        out[p++] = (byte) (rgb >> 16);
        out[p++] = (byte) (rgb >> 8);
        out[p++] = (byte) rgb;
      }
    }
  }

  // Samples that already mean sRGB (or grey) values and fit an int: read them directly, rescaling bit depth.
  private static boolean hasRawSamples(ColorModel cm, Raster raster) {
    if (!(cm instanceof ComponentColorModel || cm instanceof DirectColorModel)) return false;
    int type = raster.getTransferType();
    if (type != DataBuffer.TYPE_BYTE && type != DataBuffer.TYPE_USHORT && type != DataBuffer.TYPE_INT) return false;
    ColorSpace cs = cm.getColorSpace();
    int colors = cm.getNumColorComponents();
    boolean srgb = cs.isCS_sRGB() && colors == 3;
    boolean grey = cs.getType() == ColorSpace.TYPE_GRAY && colors == 1;
    if (!srgb && !grey) return false;
    for (int c = 0; c < cm.getNumComponents(); c++) {
      int bits = cm.getComponentSize(c);
      if (bits < 1 || bits > 16) return false;
    }
    return raster.getNumBands() == cm.getNumComponents();
  }

  private static void copyComponents(Raster raster, ColorModel cm, byte[] out) {
    int w = raster.getWidth();
    int h = raster.getHeight();
    int colors = cm.getNumColorComponents();
    int bands = raster.getNumBands();
    boolean alpha = cm.hasAlpha();
    boolean premultiplied = cm.isAlphaPremultiplied();
    int[] max = new int[bands];
    for (int c = 0; c < bands; c++) max[c] = (1 << cm.getComponentSize(c)) - 1;
    int[] row = new int[w * bands];
    int p = 0;
    for (int y = 0; y < h; y++) {
      raster.getPixels(0, y, w, 1, row);
      for (int x = 0, s = 0; x < w; x++, s += bands) {
        int r = to8(row[s], max[0]);
        int g = colors == 3 ? to8(row[s + 1], max[1]) : r;
        int b = colors == 3 ? to8(row[s + 2], max[2]) : r;
        if (alpha) {
          int a = to8(row[s + colors], max[colors]);
          if (premultiplied) { // colour is already c*a: add white's share
            r = Math.min(255, r + 255 - a);
            g = Math.min(255, g + 255 - a);
            b = Math.min(255, b + 255 - a);
          } else {
            r = blendWhite(r, a);
            g = blendWhite(g, a);
            b = blendWhite(b, a);
          }
        }
        out[p++] = (byte) r;
        out[p++] = (byte) g;
        out[p++] = (byte) b;
      }
    }
  }

  private static void copyConverted(BufferedImage image, byte[] out) {
    BufferedImage argb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_ARGB);
    new ColorConvertOp(null).filter(image, argb);
    int[] data = ((DataBufferInt) argb.getRaster().getDataBuffer()).getData();
    for (int i = 0, p = 0; i < data.length; i++, p += 3) {
      int rgb = overWhite(data[i]);
      out[p] = (byte) (rgb >> 16);
      out[p + 1] = (byte) (rgb >> 8);
      out[p + 2] = (byte) rgb;
    }
  }

  private static int to8(int value, int max) {
    if (max == 255) return value;
    return (int) ((value * 255L + (max >> 1)) / max);
  }

  private static int blendWhite(int c, int a) {
    return (c * a + 255 * (255 - a) + 127) / 255;
  }

  private static int overWhite(int argb) {
    int a = argb >>> 24;
    if (a == 255) return argb & 0xFFFFFF;
    int r = blendWhite((argb >> 16) & 0xFF, a);
    int g = blendWhite((argb >> 8) & 0xFF, a);
    int b = blendWhite(argb & 0xFF, a);
    return r << 16 | g << 8 | b;
  }
}
