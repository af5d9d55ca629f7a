package dev.loupe.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.query.Hit;
import dev.loupe.core.query.Metric;
import dev.loupe.core.query.SearchRequest;
import dev.loupe.testing.ExactSearch;
import dev.loupe.testing.PixelVectors.Sample;
import dev.loupe.testing.PixelVectors.Shape;
import dev.loupe.testing.PixelVectors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Search results checked against references: the graph against the exact scan (approximation quality), and the
 * exact scan against a brute-force {@link ExactSearch} over the same vectors (correctness of every metric).
 * The graph is checked on fashion-dev (1,816 photos, 96 queries): Lucene 10.6 builds no graph for a segment
 * under about 650 vectors, so caltech20's 400 would only test a scan against a scan. The exact scan is checked
 * on caltech20 (400 train photos in three segments, 80 test photos as queries).
 */
class SearchAgreementTest {

  static final int K = 10;

  static List<Arguments> graphCases() {
    IndexSpec.HnswParams plain = IndexSpec.HnswParams.DEFAULT;
    IndexSpec.HnswParams quantized = new IndexSpec.HnswParams(16, 100, true);
    return List.of(
        Arguments.of(PixelVectors.RGB_768_UNIT, plain, Metric.COSINE),
        Arguments.of(PixelVectors.RGB_768_UNIT, plain, Metric.DOT),
        Arguments.of(PixelVectors.RGB_768_UNIT, plain, Metric.L2),
        Arguments.of(PixelVectors.RGB_768_UNIT, quantized, Metric.COSINE),
        Arguments.of(PixelVectors.RGB_768_RAW, plain, Metric.L2),
        Arguments.of(PixelVectors.RGB_768_RAW, quantized, Metric.L2));
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("graphCases")
  void graphAgreesWithExactScan(Shape shape, IndexSpec.HnswParams hnsw, Metric metric, @TempDir Path tmp)
      throws IOException {
    List<Sample> queries = PixelVectors.fashionQueries(shape);
    Path dir = tmp.resolve("index");
    try (LuceneItemStore store = LuceneItemStore.create(dir, shape.spec(metric, hnsw))) {
      PixelVectors.putAll(store, PixelVectors.fashionGallery(shape));
      assertTrue(store.servesApproximately(metric));
      assertEquals(1, store.segmentCount());
      long visited = VisitCountingQuery.visits(dir, FieldNames.vector(shape.descriptor()), queries.get(0).vector(),
          GraphSearch.candidates(K));
      assertTrue(visited < store.size() / 2, "the graph is used: visited " + visited + " of " + store.size());
      String field = FieldNames.vector(shape.descriptor());
      // (Lucene 10.6 registers Lucene104HnswScalarQuantizedVectorsFormat as "Lucene104HnswBinaryQuantizedVectorsFormat".)
      assertEquals(Set.of(hnsw.quantize() ? Lucene104HnswScalarQuantizedVectorsFormat.NAME : "Lucene99HnswVectorsFormat"),
          VisitCountingQuery.formatNames(dir, field));
      int overlap = 0;
      int plainOverlap = 0;
      for (Sample q : queries) {
        List<Hit> approx = store.search(q.vector(), SearchRequest.topK(K));
        List<Hit> exact = store.search(q.vector(), SearchRequest.topK(K).withExact(true));
        assertEquals(K, approx.size());
        assertEquals(exact.get(0), approx.get(0), "top-1 of " + q.id());
        Set<String> exactIds = new HashSet<>(ids(exact));
        overlap += (int) approx.stream().filter(h -> exactIds.contains(h.id())).count();
        // For the record: Lucene's own top-k on the graph, without the wider beam and exact re-ranking.
        plainOverlap += (int) VisitCountingQuery.plainIds(dir, field, q.vector(), K).stream()
            .filter(exactIds::contains).count();
        // Hits found by both carry the same exactly-computed distance and score.
        for (Hit h : approx) {
          exact.stream().filter(e -> e.id().equals(h.id())).findFirst().ifPresent(e -> {
            assertEquals(e.distance(), h.distance());
            assertEquals(e.score(), h.score());
          });
        }
      }
      double meanOverlap = overlap / (double) queries.size();
      System.out.printf(Locale.ROOT,
          "graph vs exact %s %s %s: mean top-%d overlap %.2f over %d queries (plain Lucene top-%d: %.2f;"
              + " graph visits %d of %d for one query)%n",
          shape.name(), hnsw, metric, K, meanOverlap, queries.size(), K, plainOverlap / (double) queries.size(),
          visited, store.size());
      assertTrue(meanOverlap >= 9.0, "mean top-" + K + " overlap " + meanOverlap);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.loupe.testing.PixelVectors#unitAndRawShapes")
  void exactScanMatchesBruteForceForEveryMetric(Shape shape, @TempDir Path tmp) throws IOException {
    // Sorted by id: ExactSearch breaks ties by position, the store by id, so both orders then agree.
    List<Sample> train = PixelVectors.train(shape).stream().sorted(Comparator.comparing(Sample::id)).toList();
    List<float[]> vectors = train.stream().map(Sample::vector).toList();
    try (LuceneItemStore store = LuceneItemStore.create(tmp.resolve("index"),
        shape.spec(Metric.L2, IndexSpec.HnswParams.DEFAULT))) {
      // Three commits: the scan must cross segments.
      PixelVectors.putAll(store, train.subList(0, 150));
      PixelVectors.putAll(store, train.subList(150, 300));
      PixelVectors.putAll(store, train.subList(300, 400));
      assertEquals(3, store.segmentCount());
      for (Metric metric : Metric.values()) {
        for (Sample q : PixelVectors.test(shape)) {
          List<ExactSearch.Scored> reference = ExactSearch.topK(vectors, q.vector(), metric, K);
          List<Hit> hits = store.search(q.vector(), SearchRequest.topK(K).withMetric(metric).withExact(true));
          assertEquals(reference.size(), hits.size());
          for (int i = 0; i < hits.size(); i++) {
            ExactSearch.Scored expected = reference.get(i);
            Hit hit = hits.get(i);
            String where = metric + " " + q.id() + " rank " + (i + 1);
            assertEquals(train.get(expected.ordinal()).id(), hit.id(), where);
            // Bit-identical on purpose, although the scan runs on SIMD kernels: their sums are ordered otherwise
            // (and differ in the last bit before and after the JIT compiles them), so the scan uses them only as a
            // safe lower bound and computes the reported distance with Metric.distance, like the reference.
            assertEquals(expected.distance(), hit.distance(), where);
            assertEquals(metric.score(expected.distance()), hit.score(), where);
            assertEquals(i + 1, hit.rank());
          }
          if (!store.servesApproximately(metric)) {
            // Not exact in the request, but no graph ranks this metric: the same scan answers.
            assertEquals(hits, store.search(q.vector(), SearchRequest.topK(K).withMetric(metric)));
          }
        }
      }
    }
  }

  private static List<String> ids(List<Hit> hits) {
    return hits.stream().map(Hit::id).toList();
  }
}
