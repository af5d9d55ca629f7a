package dev.loupe.core.index;

import java.util.Map;
import java.util.Objects;

/**
 * An indexed image and what is known about it.
 *
 * @param id stable id: the catalogue's id column, or the file's absolute path
 * @param path image path or URI
 * @param contentHash SHA-256 of the file's bytes, lowercase hex
 * @param size file size in bytes
 * @param modified last-modified time, milliseconds since the epoch
 * @param width decoded width in pixels (after EXIF orientation)
 * @param height decoded height in pixels (after EXIF orientation)
 * @param metadata catalogue fields, searchable as exact-match filters
 */
public record Item(
    String id, String path, String contentHash, long size, long modified, int width, int height,
    Map<String, String> metadata) {

  public Item {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(path, "path");
    if (id.isEmpty()) throw new IllegalArgumentException("id must not be empty");
    metadata = Map.copyOf(metadata);
  }
}
