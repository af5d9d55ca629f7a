package dev.loupe.lucene;

import dev.loupe.core.index.IndexSpec;
import java.nio.file.Path;

/**
 * An index exists with a spec other than the one requested. Vectors from different embedders are not
 * comparable, so the index is never silently reused or overwritten.
 */
public final class SpecMismatchException extends IllegalStateException {
  private final Path directory;
  private final IndexSpec existing;
  private final IndexSpec requested;

  SpecMismatchException(Path directory, IndexSpec existing, IndexSpec requested, String message) {
    super(message);
    this.directory = directory;
    this.existing = existing;
    this.requested = requested;
  }

  public Path directory() {
    return directory;
  }

  public IndexSpec existing() {
    return existing;
  }

  public IndexSpec requested() {
    return requested;
  }

  /** The differences, {@code "what existing vs requested; ..."}. */
  public String differences() {
    return SpecDifferences.describe(existing, requested);
  }
}
