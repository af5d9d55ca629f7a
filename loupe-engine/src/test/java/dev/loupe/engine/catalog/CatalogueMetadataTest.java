package dev.loupe.engine.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.query.Hit;
import dev.loupe.core.query.SearchRequest;
import dev.loupe.engine.Loupe;
import dev.loupe.engine.LoupeConfig;
import dev.loupe.engine.index.IndexListener;
import dev.loupe.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fashion-dev catalogue: ids and metadata from the CSV come back with hits and work as filters. */
class CatalogueMetadataTest {

  @Test
  void catalogueMetadataComesBackAndFilters(@TempDir Path tmp) throws Exception {
    Path products = SharedData.data("fashion-dev/products.csv");
    List<CatalogEntry> all = new CsvCatalog("id", "image").read(products);
    assertEquals(1912, all.size());
    CatalogEntry first = all.get(0);
    assertTrue(first.metadata().containsKey("articleType"), first.metadata().toString());
    assertTrue(first.metadata().containsKey("productDisplayName"));
    assertFalse(first.metadata().containsKey("id"), "id and image columns are not metadata");

    // A folder indexed with --metadata: the first 150 product photos, ids and metadata from the CSV.
    Path photos = tmp.resolve("photos");
    Files.createDirectories(photos);
    for (CatalogEntry e : all.subList(0, 150)) Files.copy(e.file(), photos.resolve(e.file().getFileName()));
    Path csv = tmp.resolve("photos.csv");
    List<String> lines = Files.readAllLines(products);
    Files.write(csv, lines.subList(0, 151).stream().map(l -> l.replace("images/", "photos/")).toList());
    CsvCatalog reader = new CsvCatalog("id", "image");
    List<CatalogEntry> entries = new SourceScanner(reader, CsvCatalog.byFile(reader.read(csv))).scan(List.of(photos));
    assertEquals(150, entries.size());
    assertTrue(entries.stream().allMatch(e -> !e.metadata().isEmpty()), "every photo found its catalogue row");

    LoupeConfig config = LoupeConfig.defaults().withModelDirs(List.of(SharedData.models()));
    try (Loupe loupe = Loupe.openOrCreate(tmp.resolve("idx"), config)) {
      assertEquals(150, loupe.index(entries, IndexListener.NONE).indexed());
      CatalogEntry query = entries.get(7);
      List<Hit> hits = loupe.search(query.file(), SearchRequest.topK(5));
      assertEquals(query.id(), hits.get(0).id(), "a catalogue photo finds its own product first");
      assertEquals(query.metadata().get("productDisplayName"), hits.get(0).metadata().get("productDisplayName"));
      String type = query.metadata().get("articleType");
      String colour = query.metadata().get("baseColour");
      List<Hit> filtered = loupe.search(query.file(), SearchRequest.topK(50).withFilters(Map.of("articleType", type)));
      assertFalse(filtered.isEmpty());
      assertTrue(filtered.stream().allMatch(h -> h.metadata().get("articleType").equals(type)));
      List<Hit> both = loupe.search(query.file(),
          SearchRequest.topK(50).withFilters(Map.of("articleType", type, "baseColour", colour)));
      assertTrue(both.stream().allMatch(h -> h.metadata().get("baseColour").equals(colour)));
      assertTrue(loupe.search(query.file(), SearchRequest.topK(5).withFilters(Map.of("articleType", "no such type")))
          .isEmpty());
    }
  }
}
