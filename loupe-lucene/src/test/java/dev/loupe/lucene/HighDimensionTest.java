package dev.loupe.lucene;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.embed.EmbedderDescriptor;
import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.query.Hit;
import dev.loupe.core.query.Metric;
import dev.loupe.core.query.SearchRequest;
import dev.loupe.testing.PixelVectors.Sample;
import dev.loupe.testing.PixelVectors.Shape;
import dev.loupe.testing.PixelVectors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * More dimensions than Lucene's default limit of 1024: 1280 (MobileNetV2's feature size) and 2560, built in
 * several commits (several segments), force-merged (a merge writes a new segment, and here the first graph,
 * through the codec) and reopened from disk. Data: fashion-dev pixel vectors.
 */
class HighDimensionTest {

  static List<Arguments> cases() {
    return List.of(
        Arguments.of(PixelVectors.GRAY_1280_UNIT, Metric.COSINE, false),
        Arguments.of(PixelVectors.GRAY_1280_UNIT, Metric.COSINE, true),
        Arguments.of(PixelVectors.GRAY_2560_RAW, Metric.L2, false));
  }

  @ParameterizedTest(name = "{0} {1} quantize={2}")
  @MethodSource("cases")
  void indexMergeReopenAndSearch(Shape shape, Metric metric, boolean quantize, @TempDir Path tmp) throws IOException {
    assertTrue(shape.dimension() > KnnVectorsFormat.DEFAULT_MAX_DIMENSIONS);
    // 1,816 photos in four commits: four segments too small for a graph (under ~650 vectors), then one merged
    // segment with a graph.
    List<Sample> train = PixelVectors.fashionGallery(shape);
    List<Sample> queries = PixelVectors.fashionQueries(shape).subList(0, 20);
    IndexSpec spec = shape.spec(metric, new IndexSpec.HnswParams(16, 100, quantize));
    Path dir = tmp.resolve("index");
    List<List<Hit>> before = new ArrayList<>();
    try (LuceneItemStore store = LuceneItemStore.create(dir, spec)) {
      int quarter = train.size() / 4;
      for (int from = 0; from < train.size(); from += quarter) {
        PixelVectors.putAll(store, train.subList(from, Math.min(train.size(), from + quarter)));
      }
      assertEquals(4, store.segmentCount());
      for (Sample q : queries) before.add(store.search(q.vector(), SearchRequest.topK(10).withExact(true)));
      store.forceMerge(1);
      assertEquals(1, store.segmentCount());
      assertEquals(train.size(), store.size());
    }
    try (LuceneItemStore store = LuceneItemStore.open(dir)) {
      assertEquals(spec, store.spec());
      assertEquals(train.size(), store.size());
      for (Sample s : train.subList(0, 50)) assertArrayEquals(s.vector(), store.vector(s.id()).orElseThrow());
      for (int i = 0; i < queries.size(); i++) {
        float[] q = queries.get(i).vector();
        assertEquals(before.get(i), store.search(q, SearchRequest.topK(10).withExact(true)), "exact, after merge");
        assertEquals(before.get(i).get(0), store.search(q, SearchRequest.topK(10)).get(0), "graph top-1");
      }
      // The writes after a reopen go through the codec again (new segment, then a merge).
      Sample extra = PixelVectors.fashionQueries(shape).get(40);
      store.put(extra.item(), extra.vector());
      store.forceMerge(1);
      List<Hit> found = store.search(extra.vector(), SearchRequest.topK(3));
      assertEquals(0f, found.get(0).distance(), 1e-5f, "the new photo (or a byte-identical product photo) is first");
      assertTrue(found.stream().anyMatch(h -> h.id().equals(extra.id())));
    }
    // A plain reader with Lucene's default codec opens the index and walks the merged segment's graph: the
    // format kept its registered name, and the merge (through the Loupe codec) built a graph of 1817 vectors.
    long visited = VisitCountingQuery.visits(dir, FieldNames.vector(spec.embedder()), queries.get(0).vector(), 10);
    System.out.printf("%s quantize=%s: plain reader visited %d of %d vectors%n", shape.name(), quantize, visited,
        train.size() + 1);
    assertTrue(visited < train.size() / 2, "visited " + visited);
  }

  @Test
  void dimensionsAboveTheStoreLimitAreRefusedUpFront(@TempDir Path tmp) {
    EmbedderDescriptor huge = new EmbedderDescriptor("huge", 10_000, false, Map.of());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LuceneItemStore.create(tmp,
        new IndexSpec(huge, Metric.L2, IndexSpec.HnswParams.DEFAULT)));
    assertEquals("embedder huge has 10000 dimensions; the Lucene store supports at most 8192", e.getMessage());
    // Lucene 10.6 accepts a beam width of 1 but fails building the first graph ("initialCapacity must be > 0"),
    // so the spec refuses it before any index exists.
    e = assertThrows(IllegalArgumentException.class, () -> new IndexSpec.HnswParams(16, 1, false));
    assertEquals("beamWidth must be in 2..3200, got: 1", e.getMessage());
  }
}
