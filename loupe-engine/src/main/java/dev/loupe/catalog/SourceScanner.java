package dev.loupe.catalog;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Turns what the user named (folders, image files, CSV catalogues) into the list of images to index, in a
 * deterministic order. Folders are walked recursively for files with an image extension; a file named
 * explicitly is always tried, whatever its extension, so a bad file is reported rather than ignored.
 */
public final class SourceScanner {
  public static final Set<String> IMAGE_EXTENSIONS =
      Set.of("jpg", "jpeg", "jpe", "jfif", "png", "gif", "bmp", "webp", "tif", "tiff");

  private final CsvCatalog csv;
  private final Map<Path, CatalogEntry> metadata;

  /**
   * @param csv how to read CSV sources
   * @param metadata catalogue entries whose metadata (and id) attach to files found in folders, keyed by path
   */
  public SourceScanner(CsvCatalog csv, Map<Path, CatalogEntry> metadata) {
    this.csv = csv;
    this.metadata = Map.copyOf(metadata);
  }

  public static boolean isImageName(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  public static boolean isCsv(Path file) {
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
  }

  /** Every image to index, without duplicates, in the order given (folders sorted by path). */
  public List<CatalogEntry> scan(List<Path> sources) throws IOException {
    Map<Path, CatalogEntry> out = new LinkedHashMap<>();
    for (Path source : sources) {
      if (Files.isDirectory(source)) {
        for (Path f : imagesUnder(source)) add(out, f);
      } else if (isCsv(source)) {
        for (CatalogEntry e : csv.read(source)) out.putIfAbsent(e.file().toAbsolutePath().normalize(), e);
      } else if (Files.exists(source)) {
        add(out, source);
      } else {
        throw new IOException("no such file or folder: " + source);
      }
    }
    return new ArrayList<>(out.values());
  }

  private void add(Map<Path, CatalogEntry> out, Path file) {
    Path abs = file.toAbsolutePath().normalize();
    CatalogEntry known = metadata.get(abs);
    out.putIfAbsent(abs, known != null ? new CatalogEntry(known.id(), abs, known.metadata())
        : new CatalogEntry(abs.toString(), abs, Map.of()));
  }

  /** Image files under a folder, recursively, sorted by path. */
  public static List<Path> imagesUnder(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir, FileVisitOption.FOLLOW_LINKS)) {
      return s.filter(p -> Files.isRegularFile(p) && isImageName(p) && !p.getFileName().toString().startsWith("."))
          .sorted()
          .toList();
    }
  }
}
