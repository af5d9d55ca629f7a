package dev.loupe.engine.query;

import java.util.Map;
import java.util.Objects;

/**
 * One text of a collection ranked for an image (image → text search): a product title, a caption.
 *
 * @param id stable id of the row (a CSV's id column, else its line)
 * @param text the words embedded by the text tower
 * @param metadata the row's other columns, returned with the hit
 */
public record TextRow(String id, String text, Map<String, String> metadata) {
  public TextRow {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(text, "text");
    metadata = Map.copyOf(metadata);
  }
}
