package dev.loupe.engine.catalog;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

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
  private final Consumer<String> warnings;

  /**
   * @param csv how to read CSV sources
   * @param metadata catalogue entries whose metadata (and id) attach to files found in folders, keyed by path
   */
  public SourceScanner(CsvCatalog csv, Map<Path, CatalogEntry> metadata) {
    this(csv, metadata, message -> System.err.println("loupe: " + message));
  }

  /**
   * @param warnings hears about what is skipped, one line each: unreadable folders, dangling links, refused
   *     catalogue rows, duplicate ids
   */
  public SourceScanner(CsvCatalog csv, Map<Path, CatalogEntry> metadata, Consumer<String> warnings) {
    this.csv = csv;
    this.metadata = Map.copyOf(metadata);
    this.warnings = warnings;
  }

  public static boolean isImageName(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  /** Whether a folder walk indexes a file of this name: an image extension, and not hidden (no leading dot). */
  public static boolean isIndexedName(Path file) {
    return isImageName(file) && !file.getFileName().toString().startsWith(".");
  }

  public static boolean isCsv(Path file) {
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
  }

  /**
   * What a scan found.
   *
   * @param entries every image to index, one per file and per id
   * @param skipped catalogue rows and files left out, each named through the warnings: refused rows, a second
   *     id for an image already listed, an id already taken
   */
  public record Scan(List<CatalogEntry> entries, int skipped) {
    public Scan {
      entries = List.copyOf(entries);
    }
  }

  /** Every image to index, without duplicates, in the order given (folders sorted by path). */
  public List<CatalogEntry> scan(List<Path> sources) throws IOException {
    return scanAll(sources).entries();
  }

  /** As {@link #scan}, also counting what was left out (for the run's summary). */
  public Scan scanAll(List<Path> sources) throws IOException {
    Map<Path, CatalogEntry> out = new LinkedHashMap<>();
    int skipped = 0;
    for (Path source : sources) {
      if (Files.isDirectory(source)) {
        for (Path f : imagesUnder(source, warnings)) add(out, f);
      } else if (isCsv(source)) {
        CsvCatalog.Rows rows = csv.readRows(source);
        if (rows.blankRows() > 0) warnings.accept(source + ": " + rows.blankRows() + " blank rows ignored");
        for (String refusal : rows.refused()) warnings.accept("skipped " + refusal);
        skipped += rows.refused().size();
        for (CatalogEntry e : rows.entries()) {
          CatalogEntry first = out.putIfAbsent(e.file().toAbsolutePath().normalize(), e);
          if (first != null) {
            skipped++;
            warnings.accept("skipped id '" + e.id() + "' of " + source + ": its image " + e.file()
                + " is already listed as id '" + first.id() + "'");
          }
        }
      } else if (Files.exists(source)) {
        add(out, source);
      } else {
        throw new IOException("no such file or folder: " + source);
      }
    }
    // One item per id: a second row or file claiming an id already taken would overwrite the first and flip
    // on every run. The first one wins; the others are named.
    Map<String, CatalogEntry> byId = new LinkedHashMap<>();
    for (CatalogEntry e : out.values()) {
      CatalogEntry first = byId.putIfAbsent(e.id(), e);
      if (first != null) {
        skipped++;
        warnings.accept("skipped " + e.file() + ": duplicate id '" + e.id() + "' (kept " + first.file() + ")");
      }
    }
    return new Scan(new ArrayList<>(byId.values()), skipped);
  }

  private void add(Map<Path, CatalogEntry> out, Path file) {
    Path abs = file.toAbsolutePath().normalize();
    CatalogEntry known = metadata.get(abs);
    out.putIfAbsent(abs, known != null ? new CatalogEntry(known.id(), abs, known.metadata())
        : new CatalogEntry(abs.toString(), abs, Map.of()));
  }

  /** Image files under a folder, recursively, sorted by path; unreadable sub-folders are named on stderr. */
  public static List<Path> imagesUnder(Path dir) throws IOException {
    return imagesUnder(dir, message -> System.err.println("loupe: " + message));
  }

  /**
   * Image files under a folder, recursively (following links, never looping), sorted by path. A sub-folder
   * that cannot be read is skipped and reported through {@code warnings}; the walk goes on.
   */
  public static List<Path> imagesUnder(Path dir, Consumer<String> warnings) throws IOException {
    if (!Files.isDirectory(dir)) throw new java.nio.file.NoSuchFileException(dir.toString());
    List<Path> out = new ArrayList<>();
    Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (!isIndexedName(file)) return FileVisitResult.CONTINUE;
        if (attrs.isRegularFile()) {
          out.add(file);
        } else if (attrs.isSymbolicLink()) {
          // Links are followed; a link seen as a link is one whose target is missing (or unreadable).
          warnings.accept("skipped " + file + ": a link to a missing file (" + linkTarget(file) + ")");
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        String why = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
            : e instanceof java.nio.file.FileSystemLoopException ? "a link loop" : e.toString();
        warnings.accept("skipped " + file + ": " + why);
        return FileVisitResult.CONTINUE;
      }
    });
    out.sort(null);
    return out;
  }

  private static String linkTarget(Path link) {
    try {
      return String.valueOf(Files.readSymbolicLink(link));
    } catch (IOException | UnsupportedOperationException e) {
      return "target unreadable";
    }
  }
}
