package dev.loupe.onnx.quantize;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The images of a calibration folder, split deterministically: all image files under it sorted by path, {@code n}
 * of them evenly spaced for calibration (so a folder of class subfolders contributes from every class), and a few
 * of the others, evenly spaced too, held out to measure how closely the int8 model follows the float one.
 *
 * @param calibration the images to calibrate on
 * @param heldOut images not calibrated on, for the agreement check
 */
public record CalibrationImages(List<Path> calibration, List<Path> heldOut) {
  private static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "gif", "bmp", "webp", "tif", "tiff",
      "heic", "heif", "avif", "jxl", "pbm", "pgm", "ppm");

  public CalibrationImages {
    calibration = List.copyOf(calibration);
    heldOut = List.copyOf(heldOut);
  }

  public static CalibrationImages select(Path folder, int n, int heldOut) throws IOException {
    if (n < 1) throw new IllegalArgumentException("--images must be at least 1, got: " + n);
    if (!Files.isDirectory(folder)) throw new IOException("calibration folder not found: " + folder);
    List<Path> all;
    try (Stream<Path> files = Files.walk(folder, FileVisitOption.FOLLOW_LINKS)) {
      all = files.filter(Files::isRegularFile).filter(CalibrationImages::isImageName).sorted().toList();
    }
    if (all.isEmpty()) throw new IOException("no images in calibration folder " + folder);
    return of(all, n, heldOut);
  }

  /**
   * The same split over given image files (e.g. the images of one index run) instead of a folder's: sorted by path,
   * duplicates dropped, {@code n} evenly spaced for calibration, {@code heldOut} of the rest for the check.
   */
  public static CalibrationImages of(List<Path> files, int n, int heldOut) {
    if (n < 1) throw new IllegalArgumentException("--images must be at least 1, got: " + n);
    List<Path> all = files.stream().distinct().sorted().toList();
    List<Path> chosen = evenlySpaced(all, n);
    List<Path> rest = new ArrayList<>(all);
    rest.removeAll(chosen);
    return new CalibrationImages(chosen, evenlySpaced(rest, heldOut));
  }

  /** {@code n} items at positions floor(i * size / n): the first, then evenly through the list. */
  static List<Path> evenlySpaced(List<Path> items, int n) {
    if (n >= items.size()) return items;
    List<Path> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add(items.get((int) ((long) i * items.size() / n)));
    return out;
  }

  private static boolean isImageName(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return !name.startsWith(".") && dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }
}
