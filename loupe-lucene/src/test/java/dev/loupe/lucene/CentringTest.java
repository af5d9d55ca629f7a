package dev.loupe.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.query.Centering;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Gallery-mean centring in search requests: every vector is compared as {@code normalize(v - mean)}, with the
 * mean computed the way the engine does, from {@link LuceneItemStore#forEachVector}.
 */
class CentringTest {

  static final int K = 10;

  static List<Arguments> recallCases() {
    return List.of(
        // Measured: 0.983 and 0.968.
        Arguments.of(PixelVectors.RGB_768_UNIT, Metric.COSINE, 0.97),
        Arguments.of(PixelVectors.RGB_768_RAW, Metric.L2, 0.95));
  }

  /**
   * The graph holds the raw vectors; a centred search asks it for a wide pool and re-ranks the pool exactly.
   * Measured here against the exact centred ranking on fashion-dev (1,816 photos, one segment with a graph).
   */
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("recallCases")
  void centredGraphSearchRecallsTheExactCentredTopTen(Shape shape, Metric metric, double threshold,
      @TempDir Path tmp) throws IOException {
    Path dir = tmp.resolve("index");
    try (LuceneItemStore store = LuceneItemStore.create(dir, shape.spec(metric, IndexSpec.HnswParams.DEFAULT))) {
      PixelVectors.putAll(store, PixelVectors.fashionGallery(shape));
      assertEquals(1, store.segmentCount());
      Centering centering = new Centering(PixelVectors.mean(store));
      List<Sample> queries = PixelVectors.fashionQueries(shape);
      long visited = VisitCountingQuery.visits(dir, FieldNames.vector(shape.descriptor()), queries.get(0).vector(),
          GraphSearch.centredCandidates(K));
      assertTrue(visited < store.size() / 2, "the graph is used: visited " + visited + " of " + store.size());
      int found = 0;
      int uncentredFound = 0;
      for (Sample q : queries) {
        SearchRequest request = SearchRequest.topK(K).withCentering(centering);
        List<Hit> exact = store.search(q.vector(), request.withExact(true));
        List<Hit> approx = store.search(q.vector(), request);
        assertEquals(K, approx.size());
        Set<String> exactIds = new HashSet<>(ids(exact));
        found += (int) approx.stream().filter(h -> exactIds.contains(h.id())).count();
        // For the record: how much centring changes the ranking (the uncentred top-10 against the centred one).
        uncentredFound += (int) store.search(q.vector(), SearchRequest.topK(K)).stream()
            .filter(h -> exactIds.contains(h.id())).count();
        for (Hit h : approx) {
          exact.stream().filter(e -> e.id().equals(h.id())).findFirst()
              .ifPresent(e -> assertEquals(e.distance(), h.distance(), "same exact centred distance"));
        }
      }
      double recall = found / (double) (K * queries.size());
      System.out.printf(Locale.ROOT,
          "centred graph %s %s: recall@%d %.4f against the exact centred ranking over %d queries"
              + " (pool %d; the uncentred top-%d recalls %.4f of it)%n",
          shape.name(), metric, K, recall, queries.size(), GraphSearch.centredCandidates(K), K,
          uncentredFound / (double) (K * queries.size()));
      assertTrue(recall >= threshold, "recall@" + K + " " + recall);
    }
  }

  /**
   * The exact path under centring is, bit for bit, a brute-force {@link ExactSearch} over the centred vectors
   * ({@link Centering#apply} of every stored vector and of the query), for every metric, across segments.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.loupe.testing.PixelVectors#unitAndRawShapes")
  void exactCentredSearchEqualsBruteForceOverCentredVectors(Shape shape, @TempDir Path tmp) throws IOException {
    // Sorted by id: ExactSearch breaks ties by position, the store by id, so both orders then agree.
    List<Sample> train = PixelVectors.train(shape).stream().sorted(Comparator.comparing(Sample::id)).toList();
    try (LuceneItemStore store = LuceneItemStore.create(tmp.resolve("index"),
        shape.spec(Metric.L2, IndexSpec.HnswParams.DEFAULT))) {
      PixelVectors.putAll(store, train.subList(0, 150));
      PixelVectors.putAll(store, train.subList(150, 300));
      PixelVectors.putAll(store, train.subList(300, 400));
      assertEquals(3, store.segmentCount());
      Centering centering = new Centering(PixelVectors.mean(store));
      List<float[]> centred = train.stream().map(s -> centering.apply(s.vector())).toList();
      for (Metric metric : Metric.values()) {
        for (Sample q : PixelVectors.test(shape).subList(0, 40)) {
          List<ExactSearch.Scored> reference = ExactSearch.topK(centred, centering.apply(q.vector()), metric, K);
          SearchRequest request = SearchRequest.topK(K).withMetric(metric).withCentering(centering);
          List<Hit> hits = store.search(q.vector(), request.withExact(true));
          assertEquals(reference.size(), hits.size());
          for (int i = 0; i < hits.size(); i++) {
            String where = metric + " " + q.id() + " rank " + (i + 1);
            assertEquals(train.get(reference.get(i).ordinal()).id(), hits.get(i).id(), where);
            assertEquals(reference.get(i).distance(), hits.get(i).distance(), where);
          }
          if (!store.servesApproximately(metric)) assertEquals(hits, store.search(q.vector(), request));
        }
      }
    }
  }

  /**
   * Two items a and b: the gallery mean is m = (a + b)/2, so the centred vectors are a - m = (a - b)/2 and
   * b - m = (b - a)/2 = -(a - m). They point in opposite directions: the centred cosine of a and b is -1
   * exactly, and a query equal to a ranks a first with score 1 and b second with score -1 (up to float rounding
   * of m), although the raw photos are far from opposite.
   */
  @Test
  void centredCosineOfTwoItemsIsMinusOne(@TempDir Path tmp) throws IOException {
    List<Sample> train = PixelVectors.train(PixelVectors.RGB_768_UNIT);
    Sample a = train.get(0);
    Sample b = train.get(100);
    try (LuceneItemStore store = LuceneItemStore.create(tmp.resolve("index"), LuceneItemStoreTest.SPEC)) {
      PixelVectors.putAll(store, List.of(a, b));
      float rawScore = store.search(a.vector(), SearchRequest.topK(2)).get(1).score();
      assertTrue(rawScore > -0.5f, "the raw photos are not opposite: " + rawScore);
      Centering centering = new Centering(PixelVectors.mean(store));
      for (boolean exact : new boolean[] {false, true}) {
        SearchRequest request = SearchRequest.topK(2).withExact(exact).withCentering(centering);
        List<Hit> hits = store.search(a.vector(), request);
        assertEquals(List.of(a.id(), b.id()), ids(hits), "exact=" + exact);
        assertEquals(1f, hits.get(0).score(), 1e-6f);
        assertEquals(-1f, hits.get(1).score(), 1e-6f);
        assertEquals(List.of(b.id(), a.id()), ids(store.search(b.vector(), request)));
      }
    }
  }

  @Test
  void aMeanOfAnotherDimensionIsRefused(@TempDir Path tmp) throws IOException {
    try (LuceneItemStore store = LuceneItemStore.create(tmp.resolve("index"), LuceneItemStoreTest.SPEC)) {
      SearchRequest request = SearchRequest.topK(1).withCentering(new Centering(new float[10]));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> store.search(new float[768], request));
      assertEquals("centring mean has 10 dimensions but the index's embedder pixels-16x16-rgb-unit has 768",
          e.getMessage());
    }
  }

  private static List<String> ids(List<Hit> hits) {
    return hits.stream().map(Hit::id).toList();
  }
}
