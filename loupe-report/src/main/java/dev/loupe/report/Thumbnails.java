package dev.loupe.report;

import dev.loupe.core.image.RgbImage;
import dev.loupe.core.util.Parallel;
import dev.loupe.image.BufferedImages;
import dev.loupe.image.DecodeOptions;
import dev.loupe.image.ImageDecodeException;
import dev.loupe.image.ImageDecoder;
import dev.loupe.image.Interpolation;
import dev.loupe.image.Resize;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Decodes and fits thumbnails, several files at once. */
final class Thumbnails {
  private Thumbnails() {}

  // Decoding is CPU-bound; more threads than cores only adds memory (each holds a decoded photo).
  private static final int MAX_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());

  /**
   * Thumbnails for the distinct {@code files}, each fitted into a {@code box x box} square. Files that cannot be
   * decoded map to an unreadable thumbnail; nothing a single file does fails the whole call.
   */
  static Map<Path, Thumbnail> load(Collection<Path> files, int box) throws InterruptedIOException {
    List<Path> distinct = new ArrayList<>(new LinkedHashSet<>(files));
    Map<Path, Thumbnail> out = new LinkedHashMap<>();
    if (distinct.isEmpty()) return out;
    List<Thumbnail> thumbnails;
    try {
      thumbnails = Parallel.map(distinct, MAX_THREADS, file -> load(file, box));
    } catch (InterruptedIOException e) {
      throw e;
    } catch (java.io.IOException e) {
      // load(Path, int) catches everything a file can cause; what is left is not ours to hide.
      throw new IllegalStateException("thumbnail decoding failed", e);
    }
    for (int i = 0; i < distinct.size(); i++) out.put(distinct.get(i), thumbnails.get(i));
    return out;
  }

  /** One thumbnail, decoded subsampled: a 24 MP photo is read at about 2x the box, not at full size. */
  static Thumbnail load(Path file, int box) {
    // The decoder keeps the decoded shorter side >= 2 * minShorterSide, i.e. >= box: enough for any fit,
    // since the fitted shorter side is at most the box.
    DecodeOptions options = DecodeOptions.DEFAULTS.withMinShorterSide((box + 1) / 2);
    try {
      RgbImage decoded = ImageDecoder.decode(file, options).image();
      return Thumbnail.of(BufferedImages.toBufferedImage(fit(decoded, box)));
    } catch (ImageDecodeException e) {
      return Thumbnail.unreadable(e.reason());
    } catch (RuntimeException | OutOfMemoryError e) {
      // A report is for looking at results: one odd file becomes a grey tile rather than no sheet at all.
      return Thumbnail.unreadable(e.getClass().getSimpleName());
    }
  }

  /**
   * Scales the image so that it fills the box along its longer side (up or down) with the aspect ratio kept.
   * Bicubic with Pillow's antialiasing: a downscale by 10 stays smooth instead of sparkling.
   */
  static RgbImage fit(RgbImage src, int box) {
    int[] size = fittedSize(src.width(), src.height(), box);
    if (size[0] == src.width() && size[1] == src.height()) return src;
    return Resize.resize(src, size[0], size[1], Interpolation.BICUBIC);
  }

  /** {width, height} of a {@code w x h} image fitted into a {@code box x box} square, each at least 1. */
  static int[] fittedSize(int w, int h, int box) {
    double scale = Math.min((double) box / w, (double) box / h);
    int fw = Math.max(1, Math.min(box, (int) Math.round(w * scale)));
    int fh = Math.max(1, Math.min(box, (int) Math.round(h * scale)));
    return new int[] {fw, fh};
  }
}
