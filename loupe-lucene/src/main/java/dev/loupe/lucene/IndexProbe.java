package dev.loupe.lucene;

import dev.loupe.core.index.IndexSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.IndexFileNames;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.index.IndexWriter;
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
    /** No directory, an empty one, or only the debris of a writer that died before its first commit. */
    NONE,
    /** Files that Lucene did not write: never turned into an index (it could be someone's photo folder). */
    FOREIGN,
    /** A committed Loupe index. */
    LOUPE
  }

  /** Inspects {@code dir}; throws when it holds an index that Loupe cannot use. */
  static IndexProbe inspect(Path dir) throws IOException {
    if (!Files.exists(dir)) return new IndexProbe(State.NONE, null);
    if (!Files.isDirectory(dir)) {
      throw new IndexUnavailableException(IndexUnavailableException.Reason.NOT_LOUPE, dir,
          dir + " is a file, not an index directory");
    }
    try (Directory directory = FSDirectory.open(dir)) {
      String[] files = directory.listAll();
      if (SegmentInfos.getLastCommitGeneration(files) >= 0) {
        Map<String, String> userData = readUserData(dir, directory);
        return new IndexProbe(State.LOUPE, CommitData.specOf(dir, userData));
      }
      for (String file : files) {
        if (!isLuceneDebris(file)) return new IndexProbe(State.FOREIGN, null);
      }
      return new IndexProbe(State.NONE, null);
    }
  }

  static Map<String, String> readUserData(Path dir, Directory directory) throws IOException {
    try {
      return SegmentInfos.readLatestCommit(directory).getUserData();
    } catch (IndexFormatTooNewException | IndexFormatTooOldException | CorruptIndexException e) {
      throw new IndexUnavailableException(IndexUnavailableException.Reason.UNREADABLE, dir,
          "cannot read the index at " + dir + ": " + oneLine(e.getMessage()), e);
    }
  }

  /** Files a Lucene writer leaves before its first commit completes; hidden files are ignored too. */
  private static boolean isLuceneDebris(String file) {
    return file.startsWith(".")
        || file.equals(IndexWriter.WRITE_LOCK_NAME)
        || file.startsWith(IndexFileNames.PENDING_SEGMENTS)
        || file.startsWith(IndexFileNames.SEGMENTS)
        || IndexFileNames.CODEC_FILE_PATTERN.matcher(file).matches();
  }

  static String oneLine(String message) {
    return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").trim();
  }
}
