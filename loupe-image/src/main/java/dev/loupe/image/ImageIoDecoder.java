package dev.loupe.image;

import dev.loupe.core.image.RgbImage;
import dev.loupe.image.ImageDecodeException.Kind;
import java.awt.image.BufferedImage;
import java.io.EOFException;
import java.io.IOException;
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

/**
 * The pure-Java decoder: image files (JPEG, PNG, GIF, BMP, WebP, TIFF) into upright 8-bit sRGB {@link RgbImage}s
 * through ImageIO and TwelveMonkeys. Always available; the fallback of {@link VipsDecoder}.
 *
 * <p>Every failure is an {@link ImageDecodeException} with a one-line reason; no RuntimeException from a reader
 * escapes, so a batch indexer can skip the file and go on. Thread-safe: each call uses its own ImageIO reader.
 *
 * <p>Order of work, chosen so that bad files are rejected cheaply and before memory is spent: read the bytes,
 * recognise the format by signature, check the JPEG marker structure (truncation, unsupported processes), read
 * only the header for the pixel limit, then decode (subsampled if asked), convert to sRGB and apply the EXIF
 * orientation. For multi-image files (GIF, TIFF) the first image is used.
 */
public final class ImageIoDecoder implements ImageDecoder {
  /** Stateless: every call gets its own ImageIO reader. */
  public static final ImageIoDecoder INSTANCE = new ImageIoDecoder();

  private ImageIoDecoder() {}

  @Override
  public String name() {
    return "imageio";
  }

  @Override
  public String description() {
    return "imageio (Java ImageIO with TwelveMonkeys)";
  }

  @Override
  public DecodedImage read(byte[] bytes, String nameForMessages, DecodeOptions options)
      throws ImageDecodeException {
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(options, "options");
    String source = nameForMessages == null ? "<bytes>" : nameForMessages;
    ImageFormat format = Prechecks.check(bytes, source);
    Orientation orientation = ExifOrientation.read(bytes, format);
    ImageReader reader = newReader(format, source);
    TruncationWatch watch = new TruncationWatch();
    try (ImageInputStream in = new EndBoundedInputStream(bytes)) {
      reader.setInput(in, true, true);
      reader.addIIOReadWarningListener(watch);
      int width = reader.getWidth(0);
      int height = reader.getHeight(0);
      Prechecks.checkPixelLimit(width, height, options, source);
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
    return new ImageDecodeException(Kind.CORRUPT, source, "corrupt " + format.name() + ": " + Prechecks.describe(e), e);
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
