package dev.loupe.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One query and its ranked neighbours: a row of a {@link ContactSheet}.
 *
 * @param query the query image file, drawn first with a blue frame
 * @param caption one line under the query thumbnail; null or blank shows the file name
 * @param hits the neighbours in the order they are drawn (normally by rank); may be empty
 */
public record SheetRow(Path query, String caption, List<SheetHit> hits) {

  public SheetRow {
    Objects.requireNonNull(query, "query");
    hits = List.copyOf(hits);
  }
}
