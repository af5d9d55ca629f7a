package dev.loupe.image;

import dev.loupe.image.ImageDecodeException.Kind;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The checks every decoder runs before any pixel is decoded, so that both paths reject the same bad files with
 * the same reasons: reading a file with a size bound, the format's signature, the JPEG marker structure
 * (truncation, unsupported processes), a RIFF container shorter than it declares, and the pixel limit.
 */
final class Prechecks {
  private Prechecks() {}

  // Arrays cannot be longer than this; larger files cannot be read into memory at all.
  private static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 16;

  static byte[] readAll(Path file) throws ImageDecodeException {
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

  /** Empty file, then the structural checks of a format Loupe recognises; returns that format. */
  static ImageFormat check(byte[] bytes, String source) throws ImageDecodeException {
    if (bytes.length == 0) throw new ImageDecodeException(Kind.EMPTY, source, "empty file");
    ImageFormat format = ImageFormat.sniff(bytes, source);
    checkStructure(bytes, format, source);
    return format;
  }

  static void checkStructure(byte[] bytes, ImageFormat format, String source) throws ImageDecodeException {
    if (format == ImageFormat.JPEG) checkJpeg(bytes, source);
    if (ContainerEnd.shorterThanDeclared(bytes, format)) {
      throw new ImageDecodeException(
          Kind.TRUNCATED, source, "truncated WEBP (file is shorter than its RIFF header declares)");
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

  static void checkPixelLimit(int width, int height, DecodeOptions options, String source)
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

  static String describe(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }
}
