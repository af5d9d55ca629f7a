package dev.loupe.bench;

import dev.loupe.catalog.SourceScanner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Image files of a benchmark data folder. */
final class SourceFiles {
  private SourceFiles() {}

  static List<Path> images(Path dir) throws IOException {
    return SourceScanner.imagesUnder(dir);
  }
}
