package dev.loupe.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loupe.core.query.Hit;
import dev.loupe.core.query.SearchRequest;
import dev.loupe.engine.catalog.CsvCatalog;
import dev.loupe.engine.catalog.SourceScanner;
import dev.loupe.engine.index.IndexListener;
import dev.loupe.engine.query.QueryOptions;
import dev.loupe.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Query levers ask the store for more than k (fusion depth 2k, k + 1 for expansion): with a k near
 * Integer.MAX_VALUE that arithmetic wrapped to "k must be at least 1, got: -2". Every item comes back instead.
 */
class HugeKQueryTest {

  @Test
  void hugeKWithCropsAndExpansionReturnsEveryItem(@TempDir Path tmp) throws Exception {
    Path photos = Files.createDirectories(tmp.resolve("photos"));
    for (Path f : SharedData.filesUnder(SharedData.caltechTrain().resolve("starfish")).subList(0, 6)) {
      Files.copy(f, photos.resolve(f.getFileName()));
    }
    Path query = SharedData.filesUnder(SharedData.caltechTest().resolve("starfish")).get(0);
    LoupeConfig config = LoupeConfig.defaults().withModelDirs(List.of(SharedData.models())).withModel("pixels-8");
    try (Loupe loupe = Loupe.openOrCreate(tmp.resolve("idx"), config)) {
      loupe.index(new SourceScanner(new CsvCatalog("id", "image"), Map.of()).scan(List.of(photos)), IndexListener.NONE);
      SearchRequest all = SearchRequest.topK(Integer.MAX_VALUE);
      for (QueryOptions options : List.of(QueryOptions.NONE, QueryOptions.NONE.withCrops(5),
          QueryOptions.NONE.withQe(Integer.MAX_VALUE, 3), QueryOptions.NONE.withCrops(5).withQe(2, 3))) {
        List<Hit> hits = loupe.search(query, all, options);
        assertEquals(6, hits.size(), options.toString());
        assertEquals(6, hits.stream().map(Hit::id).distinct().count());
      }
    }
  }
}
