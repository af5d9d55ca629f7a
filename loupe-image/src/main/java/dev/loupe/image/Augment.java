package dev.loupe.image;

import dev.loupe.core.image.RgbImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Objects;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Image augmentation primitives: pure functions from {@link RgbImage} to a new {@link RgbImage}.
 *
 * <p>Used for index-time augmented views and test-time augmentation ({@link Views}), multi-crop queries
 * ({@link MultiCrop}) and the near-duplicate evaluation set (Distortions, in loupe-eval). Every function is deterministic
 * (no randomness here: callers draw the parameters) and thread-safe. The loops work on the interleaved byte array
 * directly, with integer or fixed-point arithmetic and no per-pixel objects, since they run on every indexed image.
 * A function whose parameters mean "no change" may return its input: {@link RgbImage}s are never modified.
 */
public final class Augment {
  private Augment() {}

  /** Mirrors left-right. */
  public static RgbImage hflip(RgbImage img) {
    Objects.requireNonNull(img, "img");
    return Orientation.MIRROR_HORIZONTAL.apply(img);
  }

  /** The {@code w x h} region whose top-left pixel is {@code (x, y)}; it must lie inside the image. */
  public static RgbImage crop(RgbImage img, int x, int y, int w, int h) {
    Objects.requireNonNull(img, "img");
    return crop(img, new CropRegion(x, y, w, h));
  }

  /** The pixels of {@code region}, which must lie inside the image. */
  public static RgbImage crop(RgbImage img, CropRegion region) {
    Objects.requireNonNull(img, "img");
    Objects.requireNonNull(region, "region");
    if (!region.fitsIn(img.width(), img.height())) {
      throw new IllegalArgumentException(
          "crop " + region + " does not fit in a " + img.width() + "x" + img.height() + " image");
    }
    int w = region.width();
    byte[] in = img.rgb();
    byte[] out = new byte[3 * w * region.height()];
    for (int row = 0; row < region.height(); row++) {
      System.arraycopy(in, 3 * ((region.y() + row) * img.width() + region.x()), out, 3 * row * w, 3 * w);
    }
    return new RgbImage(w, region.height(), out);
  }

  /**
   * The zoom {@link #rotate} applies for an image of {@code width x height} turned by {@code degrees}: the
   * smallest factor that makes the turned image cover the whole output frame. An output frame of {@code W/z x H/z}
   * turned by θ has an axis-aligned extent of {@code (W|cos θ| + H|sin θ|)/z x (W|sin θ| + H|cos θ|)/z}, which
   * must fit in {@code W x H}. About 1.12 at 10° and 1.35 at 20° for a 4:3 image.
   */
  public static double rotationZoom(int width, int height, double degrees) {
    if (width < 1 || height < 1) throw new IllegalArgumentException("size must be positive, got: " + width + "x" + height);
    double r = Math.toRadians(degrees);
    double c = Math.abs(Math.cos(r));
    double s = Math.abs(Math.sin(r));
    return Math.max(1.0, Math.max((width * c + height * s) / width, (width * s + height * c) / height));
  }

  /**
   * Rotates the content counter-clockwise by {@code degrees} (as Pillow's {@code Image.rotate}; negative turns
   * clockwise) about the image centre, with bilinear sampling. The output has the input's size.
   *
   * <p>Choice: zoom in, not pad. A turned rectangle leaves empty corners in an upright frame; filled with black
   * they would be a strong artificial feature (every rotated view would share the same black triangles), so the
   * content is also enlarged by {@link #rotationZoom} so that every output pixel falls inside the source. The
   * cost is losing the outer part of the image, as a real photo taken at an angle and cropped upright does.
   * Sampling positions that land within half a pixel of the border read the edge pixel (clamped), so no pixel is
   * ever a fill colour. Multiples of 360° return the input unchanged.
   */
  public static RgbImage rotate(RgbImage img, double degrees) {
    Objects.requireNonNull(img, "img");
    if (!Double.isFinite(degrees)) throw new IllegalArgumentException("degrees must be finite, got: " + degrees);
    if (degrees % 360.0 == 0.0) return img;
    int w = img.width();
    int h = img.height();
    double r = Math.toRadians(degrees);
    double zoom = rotationZoom(w, h, degrees);
    double cos = Math.cos(r) / zoom;
    double sin = Math.sin(r) / zoom;
    // Output pixel centre (x + 0.5, y + 0.5), relative to the centre: (u, v), y pointing down. A counter-clockwise
    // turn on screen reads the source at (cos*u - sin*v, sin*u + cos*v) / zoom, relative to the source centre.
    double cx = w / 2.0 - 0.5; // source pixel-index coordinate of the centre
    double cy = h / 2.0 - 0.5;
    byte[] in = img.rgb();
    byte[] out = new byte[in.length];
    int maxX = w - 1;
    int maxY = h - 1;
    int o = 0;
    for (int y = 0; y < h; y++) {
      double v = y + 0.5 - h / 2.0;
      for (int x = 0; x < w; x++) {
        double u = x + 0.5 - w / 2.0;
        double sx = Math.min(maxX, Math.max(0.0, cx + cos * u - sin * v));
        double sy = Math.min(maxY, Math.max(0.0, cy + sin * u + cos * v));
        int x0 = (int) sx;
        int y0 = (int) sy;
        int fx = (int) ((sx - x0) * FRAC_ONE + 0.5);
        int fy = (int) ((sy - y0) * FRAC_ONE + 0.5);
        int x1 = Math.min(x0 + 1, maxX);
        int y1 = Math.min(y0 + 1, maxY);
        int p00 = 3 * (y0 * w + x0);
        int p01 = 3 * (y0 * w + x1);
        int p10 = 3 * (y1 * w + x0);
        int p11 = 3 * (y1 * w + x1);
        for (int c = 0; c < 3; c++) {
          int top = (in[p00 + c] & 0xFF) * (FRAC_ONE - fx) + (in[p01 + c] & 0xFF) * fx;
          int bottom = (in[p10 + c] & 0xFF) * (FRAC_ONE - fx) + (in[p11 + c] & 0xFF) * fx;
          out[o++] = (byte) ((top * (FRAC_ONE - fy) + bottom * fy + FRAC_HALF_SQUARED) >> (2 * FRAC_BITS));
        }
      }
    }
    return new RgbImage(w, h, out);
  }

  // Bilinear weights with 11 fractional bits: 255 * 2^22 still fits an int.
  private static final int FRAC_BITS = 11;
  private static final int FRAC_ONE = 1 << FRAC_BITS;
  private static final int FRAC_HALF_SQUARED = 1 << (2 * FRAC_BITS - 1);

  /**
   * Resizes both sides by {@code factor} (rounded, at least 1 pixel) with {@link Resize}, whose BILINEAR and
   * BICUBIC are antialiased when shrinking, as an image viewer's or phone's downscale is. Aspect is kept up to
   * rounding. A factor that leaves the size unchanged returns the input.
   */
  public static RgbImage scale(RgbImage img, double factor, Interpolation interpolation) {
    Objects.requireNonNull(img, "img");
    Objects.requireNonNull(interpolation, "interpolation");
    if (!(factor > 0) || !Double.isFinite(factor)) {
      throw new IllegalArgumentException("scale factor must be positive and finite, got: " + factor);
    }
    long w = Math.max(1, Math.round(img.width() * factor));
    long h = Math.max(1, Math.round(img.height() * factor));
    if (w * h > DecodeOptions.DEFAULT_MAX_PIXELS) {
      throw new IllegalArgumentException("scale factor " + factor + " would make a " + w + "x" + h + " image");
    }
    if (w == img.width() && h == img.height()) return img;
    return Resize.resize(img, (int) w, (int) h, interpolation);
  }

  /**
   * Colour jitter with fixed factors, torchvision's {@code ColorJitter} definitions applied in a fixed order
   * (brightness, contrast, saturation), clamping to 0..255 after each step. Each factor is multiplicative around
   * 1 (1 = unchanged, 0.85..1.15 = ±15%):
   *
   * <ul>
   *   <li>brightness {@code b}: {@code v * b};
   *   <li>contrast {@code c}: {@code m + c * (v - m)}, m the mean grey (ITU-R 601 luma) of the image;
   *   <li>saturation {@code s}: {@code g + s * (v - g)}, g the pixel's own grey; 0 gives a grey image.
   * </ul>
   */
  public static RgbImage colorJitter(RgbImage img, double brightness, double contrast, double saturation) {
    Objects.requireNonNull(img, "img");
    checkFactor("brightness", brightness);
    checkFactor("contrast", contrast);
    checkFactor("saturation", saturation);
    if (brightness == 1.0 && contrast == 1.0 && saturation == 1.0) return img;
    byte[] px = img.rgb().clone();
    if (brightness != 1.0) {
      int[] lut = new int[256];
      for (int v = 0; v < 256; v++) lut[v] = clamp8(Math.round(v * brightness));
      applyLut(px, lut);
    }
    if (contrast != 1.0) {
      double mean = meanGrey(px);
      int[] lut = new int[256];
      for (int v = 0; v < 256; v++) lut[v] = clamp8(Math.round(mean + contrast * (v - mean)));
      applyLut(px, lut);
    }
    if (saturation != 1.0) {
      // 12-bit fixed point: the factor once, not a double multiply per channel.
      int s = (int) Math.round(saturation * 4096);
      for (int p = 0; p < px.length; p += 3) {
        int r = px[p] & 0xFF;
        int g = px[p + 1] & 0xFF;
        int b = px[p + 2] & 0xFF;
        int grey = (299 * r + 587 * g + 114 * b + 500) / 1000;
        px[p] = (byte) clamp8(grey + (((r - grey) * s + 2048) >> 12));
        px[p + 1] = (byte) clamp8(grey + (((g - grey) * s + 2048) >> 12));
        px[p + 2] = (byte) clamp8(grey + (((b - grey) * s + 2048) >> 12));
      }
    }
    return new RgbImage(img.width(), img.height(), px);
  }

  /**
   * Encodes as baseline JPEG with ImageIO's writer at {@code quality} (1..100, as libjpeg's and Pillow's scale;
   * ImageIO's 0..1 value is quality/100) and decodes the bytes back with {@link ImageDecoder}: real blocking,
   * ringing and 4:2:0 chroma loss, not a simulation. Deterministic: the same image and quality give the same bytes.
   */
  public static RgbImage jpegRecompress(RgbImage img, int quality) {
    Objects.requireNonNull(img, "img");
    if (quality < 1 || quality > 100) throw new IllegalArgumentException("JPEG quality must be in 1..100, got: " + quality);
    byte[] jpeg = encodeJpeg(img, quality);
    try {
      return ImageDecoder.decode(jpeg, "jpegRecompress(q" + quality + ")", DecodeOptions.DEFAULTS).image();
    } catch (ImageDecodeException e) {
      throw new IllegalStateException("could not decode our own JPEG (q" + quality + "): " + e.getMessage(), e);
    }
  }

  /** The JPEG bytes {@link #jpegRecompress} decodes. */
  static byte[] encodeJpeg(RgbImage img, int quality) {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
    if (!writers.hasNext()) throw new IllegalStateException("no ImageIO JPEG writer installed");
    ImageWriter writer = writers.next();
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      // A memory-cached stream: ImageIO.createImageOutputStream would use a temp file when the disk cache is on.
      try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
        writer.setOutput(out);
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality / 100f);
        writer.write(null, new IIOImage(BufferedImages.toBufferedImage(img), null, null), param);
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("JPEG encoding in memory failed", e);
    } finally {
      writer.dispose();
    }
  }

  static void checkFactor(String name, double factor) {
    if (!(factor >= 0) || !Double.isFinite(factor)) {
      throw new IllegalArgumentException(name + " factor must be finite and >= 0 (1 = unchanged), got: " + factor);
    }
  }

  private static void applyLut(byte[] px, int[] lut) {
    for (int i = 0; i < px.length; i++) px[i] = (byte) lut[px[i] & 0xFF];
  }

  private static double meanGrey(byte[] px) {
    long sum = 0;
    for (int p = 0; p < px.length; p += 3) {
      sum += 299L * (px[p] & 0xFF) + 587L * (px[p + 1] & 0xFF) + 114L * (px[p + 2] & 0xFF);
    }
    return sum / 1000.0 / (px.length / 3);
  }

  private static int clamp8(long v) {
    return v < 0 ? 0 : v > 255 ? 255 : (int) v;
  }
}
