package dev.loupe.engine.catalog;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A CSV catalogue: a header row, an id column, an image column (a path relative to the CSV's folder, or
 * absolute), and any other columns, which become the item's metadata.
 */
public final class CsvCatalog {
  private final String idColumn;
  private final String imageColumn;

  public CsvCatalog(String idColumn, String imageColumn) {
    this.idColumn = idColumn;
    this.imageColumn = imageColumn;
  }

  public List<CatalogEntry> read(Path csv) throws IOException {
    CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.TRIM_SPACES);
    CsvSchema schema = CsvSchema.emptySchema().withHeader();
    List<CatalogEntry> entries = new ArrayList<>();
    Path base = csv.toAbsolutePath().getParent();
    try (MappingIterator<Map<String, String>> rows =
        mapper.readerForMapOf(String.class).with(schema).readValues(csv.toFile())) {
      int line = 1;
      while (rows.hasNext()) {
        line++;
        Map<String, String> row = new LinkedHashMap<>(rows.next());
        if (line == 2) checkColumns(csv, row);
        String image = row.remove(imageColumn);
        String id = row.remove(idColumn);
        if (image == null || image.isBlank()) {
          throw new IOException(csv + " line " + line + ": empty '" + imageColumn + "' column");
        }
        if (id == null || id.isBlank()) id = base.resolve(image).normalize().toString();
        row.values().removeIf(v -> v == null || v.isEmpty());
        entries.add(new CatalogEntry(id, base.resolve(image).normalize(), row));
      }
    } catch (RuntimeException e) {
      throw new IOException("cannot read catalogue " + csv + ": " + e.getMessage(), e);
    }
    return entries;
  }

  private void checkColumns(Path csv, Map<String, String> row) throws IOException {
    if (!row.containsKey(imageColumn)) {
      throw new IOException(csv + " has no '" + imageColumn + "' column (columns: " + row.keySet()
          + "); name the image column with --image-column");
    }
    if (!row.containsKey(idColumn)) {
      throw new IOException(csv + " has no '" + idColumn + "' column (columns: " + row.keySet()
          + "); name the id column with --id-column");
    }
  }

  /** Entries keyed by their image file's absolute path, for attaching metadata to files found in folders. */
  public static Map<Path, CatalogEntry> byFile(List<CatalogEntry> entries) {
    Map<Path, CatalogEntry> map = new LinkedHashMap<>();
    for (CatalogEntry e : entries) map.put(e.file().toAbsolutePath().normalize(), e);
    return map;
  }
}
