package dev.loupe.image;

import dev.loupe.core.image.RgbImage;
import dev.loupe.image.ImageDecodeException.Kind;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes image files (JPEG, PNG, GIF, BMP, WebP, TIFF) into upright 8-bit sRGB {@link RgbImage}s.
 *
 * <p>Every failure is an {@link ImageDecodeException} with a one-line reason; no RuntimeException from a reader
 * escapes, so a batch indexer can skip the file and go on. Thread-safe: each call uses its own ImageIO reader.
 *
 * <p>Order of work, chosen so that bad files are rejected cheaply and before memory is spent: read the bytes,
 * recognise the format by signature, check the JPEG marker structure (truncation, unsupported processes), read
 * only the header for the pixel limit, then decode (subsampled if asked), convert to sRGB and apply the EXIF
 * orientation. For multi-image files (GIF, TIFF) the first image is used.
 */
public final class ImageDecoder {
  private ImageDecoder() {}

  // Arrays cannot be longer than this; larger files cannot be read into memory at all.
  private static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 16;

  /** Decodes a file with {@link DecodeOptions#DEFAULTS}. */
  public static DecodedImage decode(Path file) throws ImageDecodeException {
    return decode(file, DecodeOptions.DEFAULTS);
  }

  public static DecodedImage decode(Path file, DecodeOptions options) throws ImageDecodeException {
    Objects.requireNonNull(file, "file");
    return decode(readAll(file), file.toString(), options);
  }

  /**
   * Decodes an image held in memory.
   *
   * @param nameForMessages where the bytes came from; kept as {@link ImageDecodeException#source()}
   */
  public static DecodedImage decode(byte[] bytes, String nameForMessages, DecodeOptions options)
      throws ImageDecodeException {
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(options, "options");
    String source = nameForMessages == null ? "<bytes>" : nameForMessages;
    if (bytes.length == 0) throw new ImageDecodeException(Kind.EMPTY, source, "empty file");
    ImageFormat format = ImageFormat.sniff(bytes, source);
    if (format == ImageFormat.JPEG) checkJpeg(bytes, source);
    if (ContainerEnd.shorterThanDeclared(bytes, format)) {
      throw new ImageDecodeException(
          Kind.TRUNCATED, source, "truncated WEBP (file is shorter than its RIFF header declares)");
    }
    Orientation orientation = ExifOrientation.read(bytes, format);
    ImageReader reader = newReader(format, source);
    TruncationWatch watch = new TruncationWatch();
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      reader.setInput(in, true, true);
      reader.addIIOReadWarningListener(watch);
      int width = reader.getWidth(0);
      int height = reader.getHeight(0);
      checkPixelLimit(width, height, options, source);
      ImageReadParam param = reader.getDefaultReadParam();
      int step = options.subsamplingStep(Math.min(width, height));
      if (step > 1) param.setSourceSubsampling(step, step, 0, 0);
      BufferedImage decoded = reader.read(0, param);
      if (watch.truncated) {
        throw new ImageDecodeException(Kind.TRUNCATED, source, "truncated " + format.name() + " (" + watch.warning + ")");
      }
      RgbImage upright = orientation.apply(BufferedImages.toRgb(decoded));
      boolean swap = orientation.swapsAxes();
      return new DecodedImage(upright, swap ? height : width, swap ? width : height, format.label());
    } catch (ImageDecodeException e) {
      throw e;
    } catch (IOException e) {
      throw classify(e, bytes, format, source);
    } catch (RuntimeException e) {
      // Readers signal damaged data with all sorts of unchecked exceptions (IndexOutOfBounds, ClassCast,
      // IllegalArgument, NegativeArraySize...); to the caller it is a bad file. Their messages are internals.
      if (ContainerEnd.endMissing(bytes, format)) {
        throw new ImageDecodeException(Kind.TRUNCATED, source, "truncated " + format.name() + " (data ends early)", e);
      }
      throw new ImageDecodeException(Kind.CORRUPT, source,
          "corrupt " + format.name() + " (" + e.getClass().getSimpleName() + " in the reader)", e);
    } catch (OutOfMemoryError e) {
      // Caught deliberately: the failed allocation is this image's pixel buffer, which is released with it,
      // and one oversized file must not stop a batch. The pixel limit makes this rare.
      throw new ImageDecodeException(Kind.TOO_LARGE, source, "too large: out of memory while decoding", e);
    } finally {
      reader.dispose();
    }
  }

  private static byte[] readAll(Path file) throws ImageDecodeException {
    String source = file.toString();
    try {
      if (Files.isDirectory(file)) throw new ImageDecodeException(Kind.UNREADABLE, source, "is a directory");
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        throw new ImageDecodeException(Kind.TOO_LARGE, source, "too large: file of " + size + " bytes");
      }
      return Files.readAllBytes(file);
    } catch (AccessDeniedException e) {
      throw new ImageDecodeException(Kind.UNREADABLE, source, "permission denied", e);
    } catch (NoSuchFileException e) {
      throw new ImageDecodeException(Kind.UNREADABLE, source, "file not found", e);
    } catch (IOException e) {
      throw new ImageDecodeException(Kind.UNREADABLE, source, "read error: " + describe(e), e);
    }
  }

  private static void checkJpeg(byte[] bytes, String source) throws ImageDecodeException {
    JpegStructure jpeg = JpegStructure.scan(bytes);
    String unsupported = jpeg.unsupportedProcess();
    if (unsupported != null) {
      throw new ImageDecodeException(Kind.UNSUPPORTED, source, "unsupported format: " + unsupported);
    }
    if (!jpeg.complete()) {
      throw new ImageDecodeException(Kind.TRUNCATED, source, jpeg.frameMarker() < 0
          ? "truncated or corrupt JPEG (no frame header)"
          : "truncated JPEG (data ends before the end-of-image marker)");
    }
    if (jpeg.frameMarker() < 0) throw new ImageDecodeException(Kind.CORRUPT, source, "corrupt JPEG: no frame header");
  }

  private static void checkPixelLimit(int width, int height, DecodeOptions options, String source)
      throws ImageDecodeException {
    if (width < 1 || height < 1) {
      throw new ImageDecodeException(Kind.CORRUPT, source, "corrupt image: header declares " + width + "x" + height);
    }
    long pixels = (long) width * height;
    if (pixels > options.maxPixels()) {
      throw new ImageDecodeException(Kind.TOO_LARGE, source, "too large: " + width + "x" + height + " = "
          + megapixels(pixels) + " MP exceeds the " + megapixels(options.maxPixels()) + " MP limit");
    }
  }

  /** Exact megapixels without trailing zeros: 600, 0.0711, 100.000001 (never a rounded "100 exceeds 100"). */
  static String megapixels(long pixels) {
    return BigDecimal.valueOf(pixels, 6).stripTrailingZeros().toPlainString();
  }

  /** A fresh reader for the format, preferring TwelveMonkeys' (CMYK/YCCK JPEG, more TIFF variants). */
  private static ImageReader newReader(ImageFormat format, String source) throws ImageDecodeException {
    List<ImageReader> readers = new ArrayList<>();
    Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName(format.label());
    while (it.hasNext()) readers.add(it.next());
    if (readers.isEmpty()) {
      throw new ImageDecodeException(
          Kind.UNSUPPORTED, source, "unsupported format: " + format.label() + " (no ImageIO reader installed)");
    }
    ImageReader chosen = readers.stream()
        .filter(r -> r.getClass().getName().startsWith("com.twelvemonkeys."))
        .findFirst()
        .orElse(readers.get(0));
    for (ImageReader r : readers) {
      if (r != chosen) r.dispose();
    }
    return chosen;
  }

  private static ImageDecodeException classify(IOException e, byte[] bytes, ImageFormat format, String source) {
    if (looksTruncated(e) || ContainerEnd.endMissing(bytes, format)) {
      return new ImageDecodeException(Kind.TRUNCATED, source, "truncated " + format.name() + " (data ends early)", e);
    }
    return new ImageDecodeException(Kind.CORRUPT, source, "corrupt " + format.name() + ": " + describe(e), e);
  }

  private static boolean looksTruncated(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof EOFException) return true;
      String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
      if (m.contains("premature end") || m.contains("unexpected end") || m.contains("truncated")
          || m.contains("end of file") || m.contains("eof")) {
        return true;
      }
    }
    return false;
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  /** Readers report running out of data as a warning and fill the rest with grey; we reject such images. */
  private static final class TruncationWatch implements IIOReadWarningListener {
    boolean truncated; // listeners are called on the decoding thread
    String warning;

    @Override
    public void warningOccurred(ImageReader source, String warning) {
      String w = warning == null ? "" : warning.toLowerCase(Locale.ROOT);
      if (w.contains("premature end") || w.contains("truncated") || w.contains("missing eoi")) {
        truncated = true;
        this.warning = ImageDecodeException.oneLine(warning);
      }
    }
  }
}
