package dev.loupe.core.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;

/**
 * The parsed content of a file that another process may replace (a ranking or a projection trained while a
 * server runs): read again only when its modification time changes, so a search pays one {@code stat}. Thread-safe.
 *
 * @param <T> what the file holds
 */
public final class FileWatch<T> {
  /** Reads the file; empty when it holds nothing that applies. */
  @FunctionalInterface
  public interface Reader<T> {
    Optional<T> read(Path file) throws IOException;
  }

  private final Path file;
  private final Reader<T> reader;
  /** The last modification time seen, null when the file was absent (guarded by this). */
  private FileTime stamp;
  private Optional<T> value = Optional.empty();

  public FileWatch(Path file, Reader<T> reader) {
    this.file = file;
    this.reader = reader;
  }

  /** The file's content as of now; empty when the file is absent. */
  public synchronized Optional<T> get() throws IOException {
    FileTime now;
    try {
      now = Files.getLastModifiedTime(file);
    } catch (NoSuchFileException e) {
      now = null;
    }
    if (now == null) {
      value = Optional.empty();
    } else if (!now.equals(stamp)) {
      value = reader.read(file);
    }
    stamp = now;
    return value;
  }
}
