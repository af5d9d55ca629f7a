package dev.loupe.server;

import dev.loupe.core.index.Item;
import dev.loupe.core.io.Checksums;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The bytes of an indexed item's image. No request path or parameter names a file: the client gives an item id,
 * the index gives the item's path, and the bytes are served only if they are still the ones indexed (their
 * SHA-256 equals the item's content hash). A file swapped since indexing — for a symbolic link to
 * {@code /etc/passwd}, say — is refused, so the server can only ever show what was indexed.
 */
final class ItemFile {
  /** Larger files are not served: the indexer skips files over this too (IndexOptions.DEFAULT_MAX_FILE_BYTES). */
  static final long MAX_FILE_BYTES = dev.loupe.engine.index.IndexOptions.DEFAULT_MAX_FILE_BYTES;

  private ItemFile() {}

  static byte[] read(Item item) {
    Path file;
    try {
      file = Path.of(item.path());
    } catch (InvalidPathException e) {
      throw gone(item, "its image is not a local file");
    }
    try {
      BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class); // follows links, as indexing did
      if (!attrs.isRegularFile()) throw gone(item, "its image is not a regular file");
      if (attrs.size() > MAX_FILE_BYTES) throw gone(item, "its image is larger than " + MAX_FILE_BYTES + " bytes");
      byte[] bytes;
      try (InputStream in = Files.newInputStream(file)) {
        bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
      }
      if (bytes.length > MAX_FILE_BYTES || !Checksums.sha256(bytes).equals(item.contentHash())) {
        throw gone(item, "its image file changed since it was indexed");
      }
      return bytes;
    } catch (IOException e) {
      throw gone(item, "its image file cannot be read");
    }
  }

  private static ApiError gone(Item item, String why) {
    return ApiError.of(404, "item '" + item.id() + "' cannot be shown: " + why);
  }
}
