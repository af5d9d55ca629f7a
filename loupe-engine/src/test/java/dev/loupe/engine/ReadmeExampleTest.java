package dev.loupe.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.query.Hit;
import dev.loupe.core.query.SearchRequest;
import dev.loupe.engine.catalog.CsvCatalog;
import dev.loupe.engine.catalog.SourceScanner;
import dev.loupe.engine.index.IndexListener;
import dev.loupe.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java API example, kept compiling and working: same calls, real photos. */
class ReadmeExampleTest {

  @Test
  void readmeExampleRuns(@TempDir Path tmp) throws Exception {
    Path photos = Files.createDirectories(tmp.resolve("photos"));
    for (Path f : SharedData.filesUnder(SharedData.caltechTrain().resolve("starfish")).subList(0, 5)) {
      Files.copy(f, photos.resolve(f.getFileName()));
    }
    Path query = SharedData.filesUnder(SharedData.caltechTest().resolve("starfish")).get(0);
    // --- as in README.md "Java API" ---
    LoupeConfig config = LoupeConfig.defaults().withModelDirs(List.of(SharedData.models()));
    try (Loupe loupe = Loupe.openOrCreate(tmp.resolve("photos.idx"), config)) {
      var entries = new SourceScanner(new CsvCatalog("id", "image"), Map.of()).scan(List.of(photos));
      loupe.index(entries, IndexListener.NONE);
      List<Hit> hits = loupe.search(query, SearchRequest.topK(10).withFilters(Map.of()));
      hits.forEach(h -> System.out.println(h.rank() + " " + h.score() + " " + h.path()));
      // ---
      assertEquals(5, hits.size(), "every indexed photo, best first");
      assertTrue(hits.get(0).score() > hits.get(4).score());
      assertTrue(hits.stream().allMatch(h -> h.path().startsWith(photos.toAbsolutePath().toString())));
    }
  }
}
