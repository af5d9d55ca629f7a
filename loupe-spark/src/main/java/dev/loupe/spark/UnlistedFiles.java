package dev.loupe.spark;

import dev.loupe.engine.catalog.SourceScanner;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.GlobFilter;
import org.apache.hadoop.fs.Path;

/**
 * Counts the image files `loupe index` would index that Spark's file listing leaves out: Spark drops every file
 * and folder whose name starts with '_' (unless it holds '=') or '.', or ends with '._COPYING_'
 * (HadoopFSUtils.shouldFilterOutPathName), where the folder walk of `loupe index` skips only files whose name
 * starts with '.'. The job cannot read them; the user is told how many there are. Lists the source once more on
 * the driver, as Spark's own listing does.
 */
final class UnlistedFiles {
  private UnlistedFiles() {}

  /** Image files under {@code source} (matching {@code glob}, if given) that Spark does not list. */
  static long count(Configuration hadoop, String source, String glob) throws IOException {
    Path root = new Path(source);
    FileSystem fs = root.getFileSystem(hadoop);
    GlobFilter filter = glob == null ? null : new GlobFilter(glob);
    return count(fs, root, filter, false);
  }

  private static long count(FileSystem fs, Path dir, GlobFilter glob, boolean underDropped) throws IOException {
    long n = 0;
    for (FileStatus status : fs.listStatus(dir)) {
      Path path = status.getPath();
      boolean dropped = underDropped || droppedBySpark(path.getName());
      if (status.isDirectory()) {
        n += count(fs, path, glob, dropped);
      } else if (dropped && status.isFile() && SourceScanner.isIndexedName(java.nio.file.Path.of(path.getName()))
          && (glob == null || glob.accept(path))) {
        n++;
      }
    }
    return n;
  }

  /** Spark's rule for names its file listing skips (Spark 4's HadoopFSUtils.shouldFilterOutPathName). */
  static boolean droppedBySpark(String name) {
    boolean exclude = (name.startsWith("_") && !name.contains("=")) || name.startsWith(".")
        || name.endsWith("._COPYING_");
    boolean include = name.startsWith("_common_metadata") || name.startsWith("_metadata");
    return exclude && !include;
  }
}
