package dev.loupe.engine.catalog;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.loupe.engine.query.TextRow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a text collection from a CSV with a header: the text column, an optional id column (else the row's line),
 * the other columns kept as metadata. Rows whose text is empty are skipped and counted.
 *
 * @param textColumn the column holding the texts
 * @param idColumn the column holding the ids; when the header has none, ids are "line N"
 */
public record TextCatalog(String textColumn, String idColumn) {

  /** The rows read and how many had an empty text. */
  public record Rows(List<TextRow> rows, int emptyTexts) {}

  /**
   * @param maxRows read at most this many texts; one more fails with the bound named (never a silent cut)
   * @throws IOException naming the file when it cannot be read, is empty, or lacks the text column
   */
  public Rows read(Path csv, int maxRows) throws IOException {
    CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
    List<TextRow> out = new ArrayList<>();
    int empty = 0;
    try (MappingIterator<List<String>> rows = mapper.readerForListOf(String.class).readValues(csv.toFile())) {
      List<String> header = null;
      while (rows.hasNext()) {
        long line = rows.getParser().currentLocation().getLineNr();
        List<String> values = rows.next();
        if (header == null) {
          header = values.stream().map(v -> v == null ? "" : v.strip()).toList();
          if (!header.contains(textColumn)) {
            throw new IOException(csv + " has no '" + textColumn + "' column (columns: " + header + ")");
          }
          continue;
        }
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < Math.min(values.size(), header.size()); i++) {
          if (!header.get(i).isEmpty() && values.get(i) != null) row.put(header.get(i), values.get(i));
        }
        String text = row.remove(textColumn);
        if (text == null || text.isBlank()) {
          empty++;
          continue;
        }
        if (out.size() == maxRows) {
          throw new IOException(csv + " has more than " + maxRows + " texts (the bound; raise it with --max-texts)");
        }
        String id = row.remove(idColumn);
        out.add(new TextRow(id == null || id.isBlank() ? "line " + line : id, text.strip(), row));
      }
      if (header == null) throw new IOException(csv + " is empty: it needs a header row with a '" + textColumn + "' column");
    } catch (RuntimeException e) {
      throw new IOException("cannot read " + csv + ": " + e.getMessage(), e);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException("cannot read " + csv + ": " + e.getOriginalMessage(), e);
    }
    return new Rows(out, empty);
  }
}
