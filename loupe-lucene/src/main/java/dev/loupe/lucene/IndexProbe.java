package dev.loupe.lucene;

import dev.loupe.core.index.IndexSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * What a directory holds, found without taking its write lock.
 *
 * @param state whether there is a Loupe index, nothing, or foreign files
 * @param spec the index's spec when {@code state} is {@link State#LOUPE}, else null
 */
record IndexProbe(State state, IndexSpec spec) {

  enum State {
    /** No directory, an empty one, or only the lock of a writer that died before its first commit. */
    NONE,
    /**
     * Files Loupe did not write and no index: never turned into an index (it could be someone's photo folder,
     * even one whose files are named like Lucene's, {@code _dsc_0001.jpg}).
     */
    FOREIGN,
    /** A committed Loupe index. */
    LOUPE
  }

  /**
   * Inspects {@code dir}; throws when it holds an index that Loupe cannot use, or Loupe's own index files
   * without a commit point ({@code segments_N} lost): starting over there would drop every item silently.
   */
  static IndexProbe inspect(Path dir) throws IOException {
    if (!Files.exists(dir)) return new IndexProbe(State.NONE, null);
    if (!Files.isDirectory(dir)) {
      throw new IndexUnavailableException(IndexUnavailableException.Reason.NOT_LOUPE, dir,
          dir + " is a file, not an index directory");
    }
    try (Directory directory = FSDirectory.open(dir)) {
      long generation;
      try {
        generation = SegmentInfos.getLastCommitGeneration(directory.listAll());
      } catch (NumberFormatException e) {
        // A file named segments_<not base 36>: a damaged index, or a user's file Loupe must not touch.
        throw IndexFailures.damaged(dir, e);
      }
      if (generation >= 0) {
        Map<String, String> userData = readUserData(dir, directory);
        return new IndexProbe(State.LOUPE, CommitData.specOf(dir, userData));
      }
    }
    IndexFiles.Listing listing = IndexFiles.list(dir);
    if (!listing.foreign().isEmpty()) return new IndexProbe(State.FOREIGN, null);
    if (listing.ownIndexFiles()) {
      throw new IndexUnavailableException(IndexUnavailableException.Reason.DAMAGED, dir,
          IndexFailures.damagedMessage(dir, "it holds index files but no commit point (segments_N)"));
    }
    return new IndexProbe(State.NONE, null);
  }

  static Map<String, String> readUserData(Path dir, Directory directory) throws IOException {
    try {
      return SegmentInfos.readLatestCommit(directory).getUserData();
    } catch (IndexFormatTooNewException | IndexFormatTooOldException e) {
      throw new IndexUnavailableException(IndexUnavailableException.Reason.UNREADABLE, dir,
          "cannot read the index at " + dir + ": " + oneLine(e.getMessage()), e);
    } catch (IOException | RuntimeException e) {
      if (IndexFailures.isDamage(e)) throw IndexFailures.damaged(dir, e);
      throw e;
    }
  }

  static String oneLine(String message) {
    return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").trim();
  }
}
