package dev.loupe.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An index must not live in a folder being indexed: the index would scan its own files, and a rebuild or a
 * new index there would sit among the user's photos. Paths are compared after resolving symbolic links.
 */
final class IndexPlacement {
  private IndexPlacement() {}

  /** Throws a usage error when {@code index} is one of the source folders or inside one. */
  static void checkOutside(Path index, List<Path> sources) throws IOException {
    Path where = resolved(index);
    for (Path source : sources) {
      if (!Files.isDirectory(source)) continue;
      Path folder = source.toRealPath();
      if (where.startsWith(folder)) {
        throw new ErrorHandler.UsageException("--index " + index + (where.equals(folder) ? " is " : " is inside ")
            + "the folder being indexed (" + source + "); put the index in another folder");
      }
    }
  }

  /** The real path of {@code p}: its deepest existing ancestor resolved, the rest (not created yet) appended. */
  private static Path resolved(Path p) throws IOException {
    Path absolute = p.toAbsolutePath().normalize();
    Path existing = absolute;
    while (existing != null && !Files.exists(existing)) existing = existing.getParent();
    if (existing == null) return absolute;
    return existing.toRealPath().resolve(existing.relativize(absolute));
  }
}
