package dev.loupe.lucene;

import java.io.IOException;
import java.nio.file.Path;

/** A directory cannot be used as a Loupe index; the message is one line that says why. */
public final class IndexUnavailableException extends IOException {

  /** Why the directory cannot be used. */
  public enum Reason {
    /** No index there (missing or empty directory). */
    ABSENT,
    /** The directory holds other files, or a Lucene index that Loupe did not write. */
    NOT_LOUPE,
    /** A Loupe index written by a newer Loupe. */
    NEWER_FORMAT,
    /** A Loupe or Lucene index that cannot be read (corrupt, unsupported Lucene version, bad spec). */
    UNREADABLE,
    /** Another process holds the index's write lock. */
    LOCKED,
    /** Loupe's index files are there but damaged (checksums, headers, a missing commit point). */
    DAMAGED
  }

  private final Reason reason;
  private final Path directory;

  public IndexUnavailableException(Reason reason, Path directory, String message) {
    super(message);
    this.reason = reason;
    this.directory = directory;
  }

  public IndexUnavailableException(Reason reason, Path directory, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.directory = directory;
  }

  public Reason reason() {
    return reason;
  }

  public Path directory() {
    return directory;
  }
}
