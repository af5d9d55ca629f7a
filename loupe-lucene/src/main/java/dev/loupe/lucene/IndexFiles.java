package dev.loupe.lucene;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.index.IndexFileNames;
import org.apache.lucene.index.IndexWriter;

/**
 * Which files in an index directory Loupe wrote. Lucene's writer deletes every file that <em>looks</em> like an
 * index file and no commit references (its name pattern {@code _[a-z0-9]+(_.*)?\..*} matches a photo called
 * {@code _dsc_0001.jpg}); Loupe must never delete a file it did not write, so it decides by content: every file
 * Lucene writes begins with the codec header magic ({@link CodecUtil#CODEC_MAGIC}), and {@code write.lock} is
 * empty. An empty file with an index file's name is a writer's debris (killed before its first buffer reached
 * the disk): it holds no data, so treating it as Loupe's loses nothing. Lucene's temporary files (flush and
 * merge scratch, {@code _<segment>_<name>_<counter>.tmp}) need not start with a header; a killed writer can leave
 * one, so that name counts as Lucene's too.
 */
final class IndexFiles {
  private IndexFiles() {}

  /** How {@code Directory.createTempOutput} names its files: segment prefix, then suffix and counter, ".tmp". */
  private static final java.util.regex.Pattern TEMP_FILE = java.util.regex.Pattern.compile("_[a-z0-9]+_.+_[a-z0-9]+\\.tmp");

  /** Whether Lucene would treat this name as one of its own (and so might delete it). */
  static boolean hasIndexName(String name) {
    return name.equals(IndexWriter.WRITE_LOCK_NAME)
        || name.startsWith(IndexFileNames.SEGMENTS)
        || name.startsWith(IndexFileNames.PENDING_SEGMENTS)
        || IndexFileNames.CODEC_FILE_PATTERN.matcher(name).matches();
  }

  /** Whether a file with an index file's name was written by Lucene (see the class comment). */
  static boolean isOwn(Path file) throws IOException {
    if (!Files.isRegularFile(file)) return false;
    // The lock file is Lucene's whatever it holds: a scribbled one is damage to report, not a user's file.
    String name = file.getFileName().toString();
    if (name.equals(IndexWriter.WRITE_LOCK_NAME) || TEMP_FILE.matcher(name).matches()) return true;
    if (Files.size(file) == 0) return true;
    byte[] head = new byte[Integer.BYTES];
    try (InputStream in = Files.newInputStream(file)) {
      if (in.readNBytes(head, 0, head.length) < head.length) return false;
    }
    return ByteBuffer.wrap(head).getInt() == CodecUtil.CODEC_MAGIC;
  }

  /** What a directory holds, by name and content. Hidden files are left out: Lucene never touches them. */
  record Listing(List<String> own, List<String> foreign) {
    boolean ownIndexFiles() {
      return own.stream().anyMatch(f -> !f.equals(IndexWriter.WRITE_LOCK_NAME)
          && !f.startsWith(IndexFileNames.PENDING_SEGMENTS));
    }
  }

  static Listing list(Path dir) throws IOException {
    List<String> own = new ArrayList<>();
    List<String> foreign = new ArrayList<>();
    try (var entries = Files.list(dir)) {
      for (Path p : (Iterable<Path>) entries.sorted()::iterator) {
        String name = p.getFileName().toString();
        if (name.startsWith(".")) continue;
        if (hasIndexName(name) && isOwn(p)) own.add(name);
        else foreign.add(name);
      }
    }
    return new Listing(List.copyOf(own), List.copyOf(foreign));
  }

  /** Files Lucene might delete (they have an index file's name) that Loupe did not write. */
  static List<String> endangered(Listing listing) {
    return listing.foreign().stream().filter(IndexFiles::hasIndexName).toList();
  }
}
