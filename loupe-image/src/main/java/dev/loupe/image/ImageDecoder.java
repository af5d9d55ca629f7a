package dev.loupe.image;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Decodes image files into upright 8-bit sRGB images ({@link DecodedImage}).
 *
 * <p>The contract of every implementation: an image, or an {@link ImageDecodeException} with a one-line reason,
 * nothing else, so a batch indexer can skip the file and go on; the pixel limit of {@link DecodeOptions} is
 * checked from the header before any pixel is decoded; EXIF orientation is applied; transparent pixels are
 * composited over white; implementations are thread-safe.
 *
 * <p>Two implementations, found by name with {@link #forName}: {@code imageio} ({@link ImageIoDecoder}, pure Java,
 * always there) and {@code vips} ({@link VipsDecoder}, libvips through the Foreign Function &amp; Memory API:
 * faster, shrink-on-load, HEIF/AVIF/JPEG XL). {@code auto} is libvips when it loads and is new enough, with
 * ImageIO as the fallback for files libvips refuses, else ImageIO alone.
 *
 * <p>The static {@code decode} methods use the process's decoder ({@link #active()}), named by the system
 * property {@code loupe.decoder} or the environment variable {@code LOUPE_DECODER} (default {@code auto}).
 */
public interface ImageDecoder {

  /** The names {@link #forName} knows. */
  String NAMES = "auto, imageio or vips";

  /** {@code imageio}, {@code vips} or {@code auto}. */
  String name();

  /** One line for {@code loupe --version} and {@code loupe info}: which decoder and library version. */
  String description();

  /**
   * Decodes an image held in memory.
   *
   * @param source where the bytes came from; kept as {@link ImageDecodeException#source()}
   */
  DecodedImage read(byte[] bytes, String source, DecodeOptions options) throws ImageDecodeException;

  /** Reads the file (bounded by the largest array) and decodes it. */
  default DecodedImage read(Path file, DecodeOptions options) throws ImageDecodeException {
    Objects.requireNonNull(file, "file");
    return read(Prechecks.readAll(file), file.toString(), options);
  }

  /**
   * The decoder called {@code name}: {@code auto}, {@code imageio} or {@code vips}.
   *
   * @throws IllegalArgumentException for an unknown name, or for {@code vips} when libvips cannot be used here;
   *     the message says how to fix the setup
   */
  static ImageDecoder forName(String name) {
    return ActiveDecoder.forName(name, LibVips.load());
  }

  /**
   * The process's decoder, chosen once from {@code loupe.decoder} / {@code LOUPE_DECODER} (default {@code auto}).
   *
   * @throws IllegalArgumentException when that names an unknown decoder or {@code vips} without libvips
   */
  static ImageDecoder active() {
    return ActiveDecoder.get();
  }

  /** Decodes a file with the {@linkplain #active() active decoder} and {@link DecodeOptions#DEFAULTS}. */
  static DecodedImage decode(Path file) throws ImageDecodeException {
    return decode(file, DecodeOptions.DEFAULTS);
  }

  /** Decodes a file with the {@linkplain #active() active decoder}. */
  static DecodedImage decode(Path file, DecodeOptions options) throws ImageDecodeException {
    return active().read(file, options);
  }

  /** Decodes bytes with the {@linkplain #active() active decoder}. */
  static DecodedImage decode(byte[] bytes, String nameForMessages, DecodeOptions options)
      throws ImageDecodeException {
    return active().read(bytes, nameForMessages, options);
  }
}
