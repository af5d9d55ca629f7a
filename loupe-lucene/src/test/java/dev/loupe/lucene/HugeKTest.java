package dev.loupe.lucene;

import static dev.loupe.testing.PixelVectors.RGB_768_UNIT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.query.Centering;
import dev.loupe.core.query.Hit;
import dev.loupe.core.query.Metric;
import dev.loupe.core.query.SearchRequest;
import dev.loupe.testing.PixelVectors;
import dev.loupe.testing.PixelVectors.Sample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A k far beyond the index's size returns every item and allocates nothing for the rest. k sizes the exact
 * scan's heap and the graph's beam; before they were clamped to the index, {@code k = Integer.MAX_VALUE}
 * overflowed ({@code k + 1}, {@code 2 * k}) and {@code k = 100,000,000} on 1,912 items took 6 GB.
 */
class HugeKTest {

  @Test
  void hugeKReturnsEveryItemOnceOnEveryPath(@TempDir Path tmp) throws IOException {
    List<Sample> samples = PixelVectors.train(RGB_768_UNIT).subList(0, 30);
    float[] query = PixelVectors.test(RGB_768_UNIT).get(0).vector();
    try (LuceneItemStore store = LuceneItemStore.create(tmp.resolve("idx"),
        RGB_768_UNIT.spec(Metric.COSINE, IndexSpec.HnswParams.DEFAULT))) {
      PixelVectors.putAll(store, samples);
      Centering centering = new Centering(PixelVectors.mean(store));
      for (int k : List.of(100_000_000, Integer.MAX_VALUE)) {
        SearchRequest request = SearchRequest.topK(k);
        for (SearchRequest r : List.of(request, request.withExact(true), request.withCentering(centering),
            request.withMetric(Metric.L1))) {
          List<Hit> hits = store.search(query, r);
          assertEquals(30, hits.size(), "every item, once: " + r);
          assertEquals(30, hits.stream().map(Hit::id).distinct().count());
        }
      }
      // The exact and the graph ranking of the whole index agree: nothing was lost by clamping the beam.
      assertEquals(store.search(query, SearchRequest.topK(Integer.MAX_VALUE).withExact(true)).stream().map(Hit::id).toList(),
          store.search(query, SearchRequest.topK(Integer.MAX_VALUE)).stream().map(Hit::id).toList());
    }
  }
}
