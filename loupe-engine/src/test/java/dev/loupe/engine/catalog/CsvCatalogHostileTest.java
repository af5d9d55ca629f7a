package dev.loupe.engine.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Catalogues as a careless or hostile user writes them: blank rows, rows without an image, repeated columns and
 * ids, paths that leave the catalogue's folder. One bad row never costs the others, and every row left out is
 * named.
 */
class CsvCatalogHostileTest {
  static final CsvCatalog CATALOG = new CsvCatalog("id", "image");

  /** A catalogue folder with three real photos a.jpg, b.jpg, c.jpg and one photo outside it. */
  static Path photos(Path tmp) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("cat"));
    List<Path> lotus = SharedData.filesUnder(SharedData.caltechTrain().resolve("lotus"));
    for (int i = 0; i < 3; i++) Files.copy(lotus.get(i), dir.resolve((char) ('a' + i) + ".jpg"));
    Files.copy(lotus.get(3), tmp.resolve("outside.jpg"));
    return dir;
  }

  @Test
  void blankAndEmptyRowsAreIgnoredAndCountedNotFatal(@TempDir Path tmp) throws IOException {
    Path dir = photos(tmp);
    Path csv = Files.writeString(dir.resolve("c.csv"), "id,image,colour\n\n1,a.jpg,red\n,,\n  ,  ,  \n2,b.jpg,\n,c.jpg,blue\n");
    CsvCatalog.Rows rows = CATALOG.readRows(csv);
    assertEquals(3, rows.blankRows(), "one blank line, two rows of empty values");
    assertEquals(List.of(), rows.refused());
    assertEquals(List.of("1", "2", dir.resolve("c.jpg").toAbsolutePath().toString()),
        rows.entries().stream().map(CatalogEntry::id).toList(), "an empty id falls back to the image path");
    assertEquals(Map.of("colour", "red"), rows.entries().get(0).metadata());
    assertEquals(Map.of(), rows.entries().get(1).metadata(), "empty values are not metadata");
  }

  @Test
  void aRowWithoutImageOrWithTooManyValuesIsRefusedAndNamedTheOthersStay(@TempDir Path tmp) throws IOException {
    Path dir = photos(tmp);
    Path csv = Files.writeString(dir.resolve("c.csv"), "id,image\n1,a.jpg\n2,\n3,b.jpg,extra\n4,c.jpg\n");
    CsvCatalog.Rows rows = CATALOG.readRows(csv);
    assertEquals(List.of("1", "4"), rows.entries().stream().map(CatalogEntry::id).toList());
    assertEquals(List.of(csv + " line 3: empty 'image' column", csv + " line 4: 3 values for 2 columns"),
        rows.refused());
  }

  @Test
  void aRepeatedHeaderColumnRefusesTheFileNamingIt(@TempDir Path tmp) throws IOException {
    Path dir = photos(tmp);
    Path csv = Files.writeString(dir.resolve("c.csv"), "id,image,colour,colour\n1,a.jpg,red,blue\n");
    IOException e = assertThrows(IOException.class, () -> CATALOG.readRows(csv));
    assertEquals(csv + ": column 'colour' appears twice in the header; rename one of them", e.getMessage());
    Path twoImages = Files.writeString(dir.resolve("d.csv"), "id,image,image\n1,a.jpg,b.jpg\n");
    assertTrue(assertThrows(IOException.class, () -> CATALOG.readRows(twoImages)).getMessage().contains("'image'"));
  }

  @Test
  void anEmptyCatalogueIsRefusedNamingTheFile(@TempDir Path tmp) throws IOException {
    for (String content : List.of("", "\n\n", " , \n")) {
      Path csv = Files.writeString(tmp.resolve("empty.csv"), content);
      IOException e = assertThrows(IOException.class, () -> CATALOG.readRows(csv), content);
      assertTrue(e.getMessage().startsWith(csv + " is empty"), e.getMessage());
    }
  }

  @Test
  void pathsLeavingTheFolderNeedAllowOutside(@TempDir Path tmp) throws IOException {
    Path dir = photos(tmp);
    Path outside = tmp.resolve("outside.jpg").toAbsolutePath();
    Path csv = Files.writeString(dir.resolve("c.csv"), "id,image\n1,a.jpg\n2,../outside.jpg\n3," + outside
        + "\n4,sub/../b.jpg\n5," + dir.resolve("c.jpg").toAbsolutePath() + "\n6,../../../../../../etc/passwd\n");
    CsvCatalog.Rows rows = CATALOG.readRows(csv);
    assertEquals(List.of("1", "4", "5"), rows.entries().stream().map(CatalogEntry::id).toList(),
        "paths that stay inside, even written oddly or absolute, are fine");
    assertEquals(3, rows.refused().size(), rows.refused().toString());
    assertTrue(rows.refused().get(0).startsWith(csv + " line 3: image path '../outside.jpg' leaves the catalogue's folder"),
        rows.refused().get(0));
    assertTrue(rows.refused().stream().allMatch(r -> r.endsWith("(use --allow-outside to allow it)")));

    CsvCatalog.Rows allowed = new CsvCatalog("id", "image", true).readRows(csv);
    assertEquals(List.of("1", "2", "3", "4", "5", "6"), allowed.entries().stream().map(CatalogEntry::id).toList());
    assertEquals(outside, allowed.entries().get(1).file());
  }

  @Test
  void secondIdsForOneImageAndRepeatedIdsAreSkippedNamedAndCounted(@TempDir Path tmp) throws IOException {
    Path dir = photos(tmp);
    Path csv = Files.writeString(dir.resolve("c.csv"),
        "id,image\n1,a.jpg\n2,a.jpg\n3,b.jpg\n3,c.jpg\n4,../outside.jpg\n\n");
    List<String> warnings = new ArrayList<>();
    SourceScanner.Scan scan = new SourceScanner(CATALOG, Map.of(), warnings::add).scanAll(List.of(csv));
    assertEquals(List.of("1", "3"), scan.entries().stream().map(CatalogEntry::id).toList());
    assertEquals(3, scan.skipped(), "id 2 (same image as 1), the second id 3, the outside row; not the blank row");
    String all = String.join("\n", warnings);
    assertTrue(all.contains("skipped id '2' of " + csv + ": its image " + dir.resolve("a.jpg").toAbsolutePath()
        + " is already listed as id '1'"), all);
    assertTrue(all.contains("skipped " + dir.resolve("c.jpg").toAbsolutePath() + ": duplicate id '3'"), all);
    assertTrue(all.contains("skipped " + csv + " line 6: image path '../outside.jpg'"), all);
    assertTrue(all.contains(csv + ": 1 blank rows ignored"), all);
    assertEquals(4, warnings.size(), all);
  }

  @Test
  void aDanglingLinkInAFolderIsNamed(@TempDir Path tmp) throws IOException {
    Path dir = photos(tmp);
    Path link = Files.createSymbolicLink(dir.resolve("gone.jpg"), tmp.resolve("deleted.jpg"));
    List<String> warnings = new ArrayList<>();
    List<Path> found = SourceScanner.imagesUnder(dir, warnings::add);
    assertEquals(3, found.size());
    assertEquals(List.of("skipped " + link + ": a link to a missing file (" + tmp.resolve("deleted.jpg") + ")"), warnings);
  }
}
