package dev.loupe.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Locates the read-only {@code shared/} folder (real models and datasets) that sits beside the project clone.
 * Order: system property {@code loupe.shared}, environment variable {@code LOUPE_SHARED}, then {@code ../shared}
 * walking up from the working directory. Tests fail (not skip) when it is missing: they are real-data tests.
 */
public final class SharedData {
  private SharedData() {}

  public static Path root() {
    String prop = System.getProperty("loupe.shared");
    if (prop != null && Files.isDirectory(Path.of(prop))) return Path.of(prop).toAbsolutePath().normalize();
    String env = System.getenv("LOUPE_SHARED");
    if (env != null && Files.isDirectory(Path.of(env))) return Path.of(env).toAbsolutePath().normalize();
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolveSibling("shared");
      if (Files.isDirectory(candidate.resolve("models"))) return candidate.normalize();
    }
    throw new IllegalStateException(
        "shared data not found: set -Dloupe.shared=DIR or LOUPE_SHARED, or put shared/ beside the clone");
  }

  public static Path models() {
    return root().resolve("models");
  }

  public static Path data(String relative) {
    return root().resolve("data").resolve(relative);
  }

  public static Path sample(String name) {
    return root().resolve("samples").resolve(name);
  }

  public static Path caltechTrain() {
    return data("caltech20/train");
  }

  public static Path caltechTest() {
    return data("caltech20/test");
  }

  /** Every regular file under {@code dir}, sorted by path (deterministic order). */
  public static List<Path> filesUnder(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The class label of a file in a {@code <split>/<class>/<file>} layout: its parent folder's name. */
  public static String labelOf(Path file) {
    return file.getParent().getFileName().toString();
  }
}
