package dev.loupe.lucene;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.LockObtainFailedException;

/**
 * Turns Lucene's failures into one line that names the index: damage (checksums, headers, unparsable file
 * names, a scribbled lock file) says what to do about it; a writer that died reports its first cause (the
 * "tragic" exception, e.g. No space left on device), not the "this IndexWriter is closed" that follows it.
 */
final class IndexFailures {
  private IndexFailures() {}

  /** Whether {@code t} (or a cause) says the index files are damaged rather than unavailable. */
  static boolean isDamage(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof CorruptIndexException || c instanceof IndexFormatTooOldException
          || c instanceof IndexFormatTooNewException) {
        return true;
      }
      String m = c.getMessage();
      if (m == null) continue;
      if (c instanceof NumberFormatException && m.contains("radix 36")) return true; // segments_N generation
      if (m.contains("Unexpected lock file size") || m.contains("codec footer mismatch")
          || m.contains("Illegal CRC-32") || m.contains("checksum failed")) {
        return true;
      }
    }
    return false;
  }

  static IndexUnavailableException damaged(Path dir, Throwable cause) {
    return new IndexUnavailableException(IndexUnavailableException.Reason.DAMAGED, dir,
        damagedMessage(dir, IndexProbe.oneLine(firstMessage(cause))), cause);
  }

  static String damagedMessage(Path dir, String detail) {
    return "index " + dir + " is damaged (" + detail + "); restore it from a backup, or rebuild it with "
        + "'loupe index SOURCES --index " + dir + " --rebuild'";
  }

  /**
   * The failure of a write to the index at {@code dir}, as an IOException whose message is one line: damage as
   * {@link #damaged}, a held lock as such, otherwise "cannot write the index at DIR: first cause".
   */
  static IOException onWrite(Path dir, IndexWriter writer, Throwable failure) {
    if (failure instanceof IndexUnavailableException e) return e;
    if (isDamage(failure)) return damaged(dir, failure);
    if (failure instanceof LockObtainFailedException) return locked(dir, failure);
    Throwable first = failure;
    if (writer != null && writer.getTragicException() != null) first = writer.getTragicException();
    else if (failure instanceof AlreadyClosedException && failure.getCause() != null) first = failure.getCause();
    return new IOException("cannot write the index at " + dir + ": " + IndexProbe.oneLine(firstMessage(first)),
        first);
  }

  static IndexUnavailableException locked(Path dir, Throwable cause) {
    return new IndexUnavailableException(IndexUnavailableException.Reason.LOCKED, dir,
        "index " + dir + " is being written by another process (its write lock is held); wait for it to finish",
        cause);
  }

  /** The innermost message of the chain that says something ("No space left on device", not a wrapper's). */
  private static String firstMessage(Throwable t) {
    String found = null;
    for (Throwable c = t; c != null; c = c.getCause()) {
      String m = c.getMessage();
      if (m != null && !m.isBlank()) found = describe(c, m);
      if (c.getCause() == c) break;
    }
    return found != null ? found : t.getClass().getSimpleName();
  }

  private static String describe(Throwable c, String m) {
    // NIO exceptions carry only a path ("/x/_0.fdt") or a reason: say which.
    if (c instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
      return fs.getReason() + (fs.getFile() != null ? ": " + fs.getFile() : "");
    }
    return m;
  }
}
