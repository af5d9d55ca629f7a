package dev.loupe.engine.catalog;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A CSV catalogue: a header row, an id column, an image column (a path relative to the CSV's folder), and any
 * other columns, which become the item's metadata.
 *
 * <p>One bad row never costs the others: blank rows are ignored and counted, a row without an image path or
 * with more values than the header has columns is refused and named, and the file is read on. Only a problem
 * that makes every row ambiguous (no header, a missing or repeated column) refuses the whole file.
 *
 * <p>Image paths must stay inside the CSV's folder unless {@code allowOutside}: a catalogue is often someone
 * else's file (a downloaded data set), and {@code ../../home/me/private.jpg} or {@code /etc/passwd} would have
 * Loupe read, embed, and show in results and contact sheets files its user never meant to index. The check is
 * on the path as written (after removing {@code .} and {@code ..}); symbolic links inside the folder are the
 * folder owner's choice and are followed.
 */
public final class CsvCatalog {
  private final String idColumn;
  private final String imageColumn;
  private final boolean allowOutside;

  /** A catalogue whose image paths must stay inside the CSV's folder. */
  public CsvCatalog(String idColumn, String imageColumn) {
    this(idColumn, imageColumn, false);
  }

  /** @param allowOutside accept image paths that leave the CSV's folder ({@code ..}, absolute paths) */
  public CsvCatalog(String idColumn, String imageColumn, boolean allowOutside) {
    this.idColumn = idColumn;
    this.imageColumn = imageColumn;
    this.allowOutside = allowOutside;
  }

  /** The same columns, with image paths allowed anywhere (for metadata that only labels files found elsewhere). */
  public CsvCatalog allowingOutside() {
    return new CsvCatalog(idColumn, imageColumn, true);
  }

  /**
   * What reading a catalogue gave.
   *
   * @param entries the rows that name an image, in file order
   * @param refused one line per row left out, naming the file, the line and the reason
   * @param blankRows rows with no value at all, ignored
   */
  public record Rows(List<CatalogEntry> entries, List<String> refused, int blankRows) {
    public Rows {
      entries = List.copyOf(entries);
      refused = List.copyOf(refused);
    }
  }

  /** The catalogue's entries; refused rows are named on stderr (use {@link #readRows} to handle them). */
  public List<CatalogEntry> read(Path csv) throws IOException {
    Rows rows = readRows(csv);
    rows.refused().forEach(message -> System.err.println("loupe: " + message));
    return rows.entries();
  }

  /** Every row of the catalogue: its entries, and the rows refused or ignored, with the reason. */
  public Rows readRows(Path csv) throws IOException {
    CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY).enable(CsvParser.Feature.TRIM_SPACES);
    List<CatalogEntry> entries = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    int blank = 0;
    Path base = csv.toAbsolutePath().normalize().getParent();
    try (MappingIterator<List<String>> rows = mapper.readerForListOf(String.class).readValues(csv.toFile())) {
      List<String> header = null;
      while (rows.hasNext()) {
        // The line where the row starts (a quoted value may span lines), for messages.
        long line = rows.getParser().currentLocation().getLineNr();
        List<String> values = rows.next();
        if (values.stream().allMatch(v -> v == null || v.isBlank())) {
          if (header != null) blank++;
          continue;
        }
        if (header == null) {
          header = checkHeader(csv, values);
          continue;
        }
        if (values.size() > header.size()) {
          refused.add(csv + " line " + line + ": " + values.size() + " values for " + header.size() + " columns");
          continue;
        }
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < values.size(); i++) {
          String v = values.get(i);
          if (!header.get(i).isEmpty() && v != null && !v.isEmpty()) row.put(header.get(i), v);
        }
        String image = row.remove(imageColumn);
        String id = row.remove(idColumn);
        if (image == null) {
          refused.add(csv + " line " + line + ": empty '" + imageColumn + "' column");
          continue;
        }
        Path file = base.resolve(image).normalize();
        if (!allowOutside && !file.startsWith(base)) {
          refused.add(csv + " line " + line + ": image path '" + image + "' leaves the catalogue's folder " + base
              + " (use --allow-outside to allow it)");
          continue;
        }
        entries.add(new CatalogEntry(id != null ? id : file.toString(), file, row));
      }
      if (header == null) {
        throw new IOException(csv + " is empty: a catalogue needs a header row with '" + idColumn + "' and '"
            + imageColumn + "' columns");
      }
    } catch (RuntimeException e) {
      throw new IOException("cannot read catalogue " + csv + ": " + e.getMessage(), e);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      // The original message, without Jackson's second line about the source location.
      throw new IOException("cannot read catalogue " + csv + ": " + e.getOriginalMessage(), e);
    }
    return new Rows(entries, refused, blank);
  }

  /** The header's column names; every column must be named once, and the id and image columns must exist. */
  private List<String> checkHeader(Path csv, List<String> values) throws IOException {
    List<String> header = values.stream().map(v -> v == null ? "" : v).toList();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String name : header) {
      // Two columns of one name would leave one of their values unread, and which one is a guess.
      if (!name.isEmpty() && !seen.add(name)) {
        throw new IOException(csv + ": column '" + name + "' appears twice in the header; rename one of them");
      }
    }
    if (!seen.contains(imageColumn)) {
      throw new IOException(csv + " has no '" + imageColumn + "' column (columns: " + header
          + "); name the image column with --image-column");
    }
    if (!seen.contains(idColumn)) {
      throw new IOException(csv + " has no '" + idColumn + "' column (columns: " + header
          + "); name the id column with --id-column");
    }
    return header;
  }

  /** Entries keyed by their image file's absolute path, for attaching metadata to files found in folders. */
  public static Map<Path, CatalogEntry> byFile(List<CatalogEntry> entries) {
    return byFile(entries, message -> {});
  }

  /**
   * As {@link #byFile(List)}; when two rows name one image the first one wins, as in a catalogue that is
   * indexed, and the other is named through {@code warnings}.
   */
  public static Map<Path, CatalogEntry> byFile(List<CatalogEntry> entries, java.util.function.Consumer<String> warnings) {
    Map<Path, CatalogEntry> map = new LinkedHashMap<>();
    for (CatalogEntry e : entries) {
      CatalogEntry first = map.putIfAbsent(e.file().toAbsolutePath().normalize(), e);
      if (first != null) {
        warnings.accept("ignored id '" + e.id() + "': its image " + e.file() + " already has the row of id '"
            + first.id() + "'");
      }
    }
    return map;
  }
}
