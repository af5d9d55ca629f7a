package dev.loupe.eval;

import dev.loupe.engine.catalog.CatalogEntry;
import dev.loupe.engine.catalog.CsvCatalog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Caption or title data: a CSV catalogue with an image column and a text column, an image possibly captioned
 * several times (COCO has five). Rows whose text is empty are counted and left out.
 *
 * @param images the distinct image files, in first-seen order
 * @param texts the texts, in file order
 * @param imageOfText for each text, the index of its image in {@code images}
 * @param emptyTexts rows without a text
 * @param groups for each image, its value in the group column (from its first row); null without a group column
 */
public record CaptionData(List<Path> images, List<String> texts, List<Integer> imageOfText, int emptyTexts,
    List<String> groups) {

  /**
   * The texts of some of the images.
   *
   * @param texts the texts of the chosen images, in file order
   * @param imageRows for each of them, its image's row
   */
  public record Texts(List<String> texts, List<Integer> imageRows) {}

  /** The texts whose image has a row in {@code rowOfImage} (image index → row), with that row. */
  public Texts textsOf(Map<Integer, Integer> rowOfImage) {
    List<String> chosen = new ArrayList<>();
    List<Integer> rows = new ArrayList<>();
    for (int t = 0; t < texts.size(); t++) {
      Integer row = rowOfImage.get(imageOfText.get(t));
      if (row == null) continue;
      chosen.add(texts.get(t));
      rows.add(row);
    }
    return new Texts(chosen, rows);
  }

  public static CaptionData read(Path csv, CsvCatalog catalog, String textColumn) throws IOException {
    return read(csv, catalog, textColumn, null);
  }

  /** @param groupColumn a column whose equal values count as relevant for precision@10 (e.g. articleType), or null */
  public static CaptionData read(Path csv, CsvCatalog catalog, String textColumn, String groupColumn)
      throws IOException {
    CsvCatalog.Rows rows = catalog.readRows(csv);
    Map<Path, Integer> index = new LinkedHashMap<>();
    List<String> texts = new ArrayList<>();
    List<Integer> imageOf = new ArrayList<>();
    int empty = 0;
    boolean seenColumn = false;
    boolean seenGroup = false;
    Map<Path, String> groupOf = new LinkedHashMap<>();
    for (CatalogEntry e : rows.entries()) {
      if (groupColumn != null) {
        seenGroup |= e.metadata().containsKey(groupColumn);
        groupOf.putIfAbsent(e.file(), e.metadata().getOrDefault(groupColumn, ""));
      }
      seenColumn |= e.metadata().containsKey(textColumn);
      String text = e.metadata().get(textColumn);
      if (text == null || text.isBlank()) {
        empty++;
        continue;
      }
      texts.add(text.strip());
      imageOf.add(index.computeIfAbsent(e.file(), f -> index.size()));
    }
    if (texts.isEmpty()) {
      throw new IOException(csv + ": no text in column '" + textColumn + "' (" + (seenColumn ? empty + " empty rows"
          : "no such column, or it is empty in every row") + "); name the text column with --text-column");
    }
    if (groupColumn != null && !seenGroup) {
      throw new IOException(csv + ": no column '" + groupColumn + "' to group by");
    }
    List<String> groups = groupColumn == null ? null : index.keySet().stream().map(groupOf::get).toList();
    return new CaptionData(List.copyOf(index.keySet()), texts, imageOf, empty, groups);
  }
}
