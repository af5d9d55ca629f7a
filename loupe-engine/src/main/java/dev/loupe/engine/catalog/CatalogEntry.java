package dev.loupe.engine.catalog;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * One image to index: its stable id, its file and the metadata to attach to it.
 *
 * @param id catalogue id, or the file's absolute path for plain folders
 * @param file the image file
 * @param metadata catalogue columns other than id and image (empty for folders)
 */
public record CatalogEntry(String id, Path file, Map<String, String> metadata) {
  public CatalogEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(file, "file");
    metadata = Map.copyOf(metadata);
  }
}
