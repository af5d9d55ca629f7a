package dev.loupe.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.query.Hit;
import dev.loupe.core.query.Metric;
import dev.loupe.core.query.SearchRequest;
import dev.loupe.engine.Loupe;
import dev.loupe.engine.LoupeConfig;
import dev.loupe.engine.catalog.CatalogEntry;
import dev.loupe.engine.catalog.CsvCatalog;
import dev.loupe.engine.catalog.SourceScanner;
import dev.loupe.engine.index.IndexListener;
import dev.loupe.engine.index.IndexSummary;
import dev.loupe.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Caltech-20 category retrieval through the whole product path (decode, embed, Lucene index, search):
 * train (400) = index, test (80) = queries, relevant = same class (20 per class). Chance: P@1 = 0.05,
 * mAP ~ 0.05. The thresholds sit well below the measured values (README table) and well above chance.
 */
class RetrievalQualityTest {

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "mobilenetv2-tf2-ptq,      cosine, 0.85, 0.60",
      "mobilenetv2-onnxzoo-int8, cosine, 0.80, 0.50",
      "squeezenet1.1,            cosine, 0.55, 0.25",
      "pixels-16,                l2,     0.15, 0.07",
      "pixels-16,                l1,     0.15, 0.07",
      "pixels-16,                correlation, 0.15, 0.07",
  })
  void caltech20(String model, String metric, double minP1, double minMap, @TempDir Path tmp) throws Exception {
    LoupeConfig config = LoupeConfig.defaults().withModel(model).withModelDirs(List.of(SharedData.models()));
    List<CatalogEntry> train = new SourceScanner(new CsvCatalog("id", "image"), Map.of())
        .scan(List.of(SharedData.caltechTrain()));
    List<Path> queries = SharedData.filesUnder(SharedData.caltechTest());
    double p1 = 0;
    double map = 0;
    try (Loupe loupe = Loupe.openOrCreate(tmp.resolve("idx"), config)) {
      IndexSummary summary = loupe.index(train, IndexListener.NONE);
      assertEquals(400, summary.indexed());
      SearchRequest all = SearchRequest.topK(400).withMetric(Metric.parse(metric)).withExact(true);
      for (Path q : queries) {
        String label = SharedData.labelOf(q);
        List<Boolean> relevant = loupe.search(q, all).stream()
            .map(h -> SharedData.labelOf(Path.of(h.path())).equals(label)).toList();
        p1 += relevant.get(0) ? 1 : 0;
        map += RankingMetrics.averagePrecision(relevant, 20);
      }
    }
    p1 /= queries.size();
    map /= queries.size();
    System.out.printf("caltech20 %-26s %-12s P@1 %.3f  mAP %.3f%n", model, metric, p1, map);
    assertTrue(p1 >= minP1, model + " P@1 " + p1 + " < " + minP1);
    assertTrue(map >= minMap, model + " mAP " + map + " < " + minMap);
  }
}
