package dev.loupe.core.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that a reader sees the old content or the new, never half of it: the bytes go to a hidden
 * temporary file beside the target, which is then moved over it (atomically where the file system can). Loupe
 * writes every file it owns this way (text towers, thumbnails, uploads).
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /**
   * @param durable also force the bytes to the device before the move (a file that must survive a power cut, such as
   *     a trained tower; a cache entry need not)
   */
  public static void write(Path target, byte[] bytes, boolean durable) throws IOException {
    Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName() + ".", ".tmp");
    try {
      Files.write(tmp, bytes);
      if (durable) {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
          ch.force(true);
        }
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
