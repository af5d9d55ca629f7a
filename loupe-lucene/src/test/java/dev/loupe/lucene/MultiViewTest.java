package dev.loupe.lucene;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.index.Item;
import dev.loupe.core.query.Centering;
import dev.loupe.core.query.Hit;
import dev.loupe.core.query.Metric;
import dev.loupe.core.query.SearchRequest;
import dev.loupe.testing.PixelVectors.Sample;
import dev.loupe.testing.PixelVectors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Items stored with augmented views ({@code augmentViews = 2}): the 400 caltech20 train photos, each with its
 * own vector, its mirror image and a centre crop, so 1,200 vectors in one segment (enough for an HNSW graph).
 * Hits are per item, each item counted, listed and read once.
 */
class MultiViewTest {

  static final int K = 10;
  static final IndexSpec SPEC = new IndexSpec(PixelVectors.RGB_768_UNIT.descriptor(), Metric.COSINE,
      IndexSpec.HnswParams.DEFAULT, new IndexSpec.Levers(false, 2));

  static List<Sample> train;
  static List<List<float[]>> views;
  static List<Sample> queries;
  static Path sharedDir;
  static LuceneItemStore shared;

  @BeforeAll
  static void buildSharedIndex(@TempDir Path tmp) throws IOException {
    train = PixelVectors.train(PixelVectors.RGB_768_UNIT);
    views = PixelVectors.trainViews(PixelVectors.RGB_768_UNIT);
    queries = PixelVectors.test(PixelVectors.RGB_768_UNIT);
    sharedDir = tmp.resolve("shared");
    shared = LuceneItemStore.create(sharedDir, SPEC);
    PixelVectors.putAllViews(shared, train, views);
  }

  @AfterAll
  static void closeShared() throws IOException {
    shared.close();
  }

  @Test
  void eachItemIsCountedListedAndReadOnceFromItsOwnVector() throws IOException {
    assertEquals(1200, documentsIn(sharedDir), "three documents per item");
    assertEquals(1, shared.segmentCount());
    assertEquals(400, shared.size());
    Map<String, Item> listed = new HashMap<>();
    shared.forEach(item -> assertNull(listed.put(item.id(), item), "listed twice: " + item.id()));
    Map<String, float[]> vectors = new HashMap<>();
    shared.forEachVector((id, v) -> assertNull(vectors.put(id, v), "visited twice: " + id));
    assertEquals(400, listed.size());
    assertEquals(400, vectors.size());
    for (int i = 0; i < train.size(); i++) {
      Sample s = train.get(i);
      assertEquals(s.item(), listed.get(s.id()));
      assertEquals(s.item(), shared.get(s.id()).orElseThrow());
      assertArrayEquals(views.get(i).get(0), shared.vector(s.id()).orElseThrow(), "view 0");
      assertArrayEquals(views.get(i).get(0), vectors.get(s.id()), "view 0");
    }
  }

  @Test
  void aQueryEqualToAnExtraViewFindsItsItemFirst() throws IOException {
    // The graph is walked (1,200 vectors in one segment), not scanned.
    // The graph is walked (1,200 vectors in one segment), not scanned. (Asked for many more candidates than
    // k = 10 × 3 views, Lucene scans a segment this small instead.)
    long visited = VisitCountingQuery.visits(sharedDir, FieldNames.vector(SPEC.embedder()), views.get(0).get(2),
        GraphSearch.candidates(K) * 3);
    assertTrue(visited < 600, "visited " + visited + " of 1200");
    Centering centering = new Centering(PixelVectors.mean(shared));
    for (int i = 0; i < train.size(); i += 25) {
      for (int view : new int[] {1, 2}) {
        float[] query = views.get(i).get(view);
        for (boolean exact : new boolean[] {false, true}) {
          String where = train.get(i).id() + " view " + view + " exact=" + exact;
          List<Hit> hits = shared.search(query, SearchRequest.topK(K).withExact(exact));
          assertEquals(K, hits.size(), where);
          assertEquals(K, ids(hits).stream().distinct().count(), "no item twice: " + where);
          Hit first = hits.get(0);
          assertEquals(train.get(i).id(), first.id(), where);
          assertEquals(1f, first.score(), 1e-6f, where);
          // The fields come from view 0, although view 1 or 2 matched.
          assertEquals(train.get(i).item().path(), first.path());
          assertEquals(train.get(i).item().metadata(), first.metadata());
          // Under centring too: the centred query equals the centred view.
          Hit centred = shared.search(query, SearchRequest.topK(3).withExact(exact).withCentering(centering)).get(0);
          assertEquals(train.get(i).id(), centred.id(), where);
          assertEquals(1f, centred.score(), 1e-6f, where);
        }
      }
    }
  }

  /** The exact path equals brute force over each item's closest view; the graph path agrees closely. */
  @Test
  void searchesRankItemsByTheirClosestView() throws IOException {
    int overlap = 0;
    for (Sample q : queries) {
      List<String> reference = bruteForce(q.vector(), K, train.size());
      List<Hit> exact = shared.search(q.vector(), SearchRequest.topK(K).withExact(true));
      assertEquals(reference, ids(exact), q.id());
      for (Hit h : exact) {
        int i = indexOf(h.id());
        assertEquals(closest(q.vector(), i), h.distance(), h.id());
      }
      List<Hit> approx = shared.search(q.vector(), SearchRequest.topK(K));
      assertEquals(K, approx.size());
      assertEquals(K, ids(approx).stream().distinct().count(), "no item twice");
      assertEquals(exact.get(0), approx.get(0), q.id());
      Set<String> expected = new HashSet<>(reference);
      overlap += (int) approx.stream().filter(h -> expected.contains(h.id())).count();
    }
    double meanOverlap = overlap / (double) queries.size();
    System.out.printf(Locale.ROOT, "multi-view graph vs exact: mean top-%d overlap %.2f over %d queries%n", K,
        meanOverlap, queries.size());
    assertTrue(meanOverlap >= K - 1, "mean overlap " + meanOverlap);
  }

  @Test
  void filtersApplyToEveryView() throws IOException {
    for (Sample q : queries.subList(0, 10)) {
      for (boolean exact : new boolean[] {false, true}) {
        List<Hit> hits = shared.search(q.vector(),
            SearchRequest.topK(30).withExact(exact).withFilters(Map.of("class", "bonsai")));
        assertEquals(20, hits.size(), "20 bonsai photos, each once; exact=" + exact);
        assertTrue(hits.stream().allMatch(h -> h.metadata().get("class").equals("bonsai")));
        assertEquals(20, ids(hits).stream().distinct().count());
        // Only the extra views of one item: it is found by its id, through any of them.
        String id = train.get(7).id();
        List<Hit> byId = shared.search(views.get(7).get(2),
            SearchRequest.topK(K).withExact(exact).withFilters(Map.of("id", id)));
        assertEquals(List.of(id), ids(byId));
        assertEquals(1f, byId.get(0).score(), 1e-6f);
      }
    }
  }

  @Test
  void replacingWithFewerViewsLeavesNoOrphansAndDeleteRemovesEveryView(@TempDir Path tmp) throws IOException {
    Path dir = tmp.resolve("index");
    try (LuceneItemStore store = LuceneItemStore.create(dir, SPEC)) {
      PixelVectors.putAllViews(store, train.subList(0, 30), views.subList(0, 30));
      Sample x = train.get(3);
      assertEquals(3, documentsWithId(dir, x.id()));
      store.put(x.item(), List.of(views.get(3).get(0)));
      store.commit();
      assertEquals(1, documentsWithId(dir, x.id()), "the old extra views are gone");
      assertEquals(88, documentsIn(dir));
      assertEquals(30, store.size());
      // Its old crop no longer matches it exactly: it scores as its only view now.
      for (boolean exact : new boolean[] {false, true}) {
        Hit hit = store.search(views.get(3).get(2), SearchRequest.topK(30).withExact(exact)).stream()
            .filter(h -> h.id().equals(x.id())).findFirst().orElseThrow();
        assertEquals(Metric.COSINE.distance(views.get(3).get(2), views.get(3).get(0)), hit.distance());
      }
      store.put(x.item(), views.get(3));
      store.put(x.item(), views.get(3)); // twice in one commit: still one block
      store.commit();
      assertEquals(3, documentsWithId(dir, x.id()));
      assertEquals(30, store.size());

      store.delete(x.id());
      store.commit();
      assertEquals(0, documentsWithId(dir, x.id()));
      assertEquals(29, store.size());
      assertTrue(store.get(x.id()).isEmpty());
      List<String> visited = new ArrayList<>();
      store.forEachVector((id, v) -> visited.add(id));
      assertEquals(29, visited.size());
      assertTrue(!visited.contains(x.id()));
      for (boolean exact : new boolean[] {false, true}) {
        for (int view = 0; view < 3; view++) {
          assertTrue(store.search(views.get(3).get(view), SearchRequest.topK(30).withExact(exact)).stream()
              .noneMatch(h -> h.id().equals(x.id())), "view " + view + " exact=" + exact);
        }
      }
    }
  }

  @Test
  void viewsBeyondTheLeverAreRefused(@TempDir Path tmp) throws IOException {
    Sample s = train.get(0);
    List<float[]> four = new ArrayList<>(views.get(0));
    four.add(views.get(1).get(0));
    try (LuceneItemStore store = LuceneItemStore.create(tmp.resolve("views"), SPEC);
        LuceneItemStore plain = LuceneItemStore.create(tmp.resolve("plain"), LuceneItemStoreTest.SPEC)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.put(s.item(), four));
      assertEquals("item '" + s.id() + "' has 4 views but this index stores at most 3 (its own vector and"
          + " levers.augmentViews = 2 extra views)", e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> plain.put(s.item(), views.get(0)));
      assertTrue(e.getMessage().contains("at most 1"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> store.put(s.item(), List.of()));
      assertEquals("item '" + s.id() + "' has no vector", e.getMessage());
      float[] doubled = views.get(0).get(2).clone();
      for (int i = 0; i < doubled.length; i++) doubled[i] *= 2;
      e = assertThrows(IllegalArgumentException.class,
          () -> store.put(s.item(), List.of(views.get(0).get(0), views.get(0).get(1), doubled)));
      assertTrue(e.getMessage().startsWith("view 2 of item '" + s.id() + "' has norm"), e.getMessage());
      store.commit();
      assertEquals(0, store.size(), "nothing of a refused item is written");
    }
  }

  /**
   * Views that crowd the graph's pool: every view is an exact copy of the item's own vector, so the graph's
   * top n documents hold only n/3 items. Asked with too small a pool (as if items had one view), the search
   * widens it until k distinct items are found.
   */
  @Test
  void crowdingViewsStillGiveKDistinctItems(@TempDir Path tmp) throws IOException {
    Path dir = tmp.resolve("index");
    try (LuceneItemStore store = LuceneItemStore.create(dir, SPEC)) {
      List<List<float[]>> copies = train.stream().map(s -> List.of(s.vector(), s.vector(), s.vector())).toList();
      PixelVectors.putAllViews(store, train, copies);
      for (Sample q : queries.subList(0, 20)) {
        List<Hit> hits = store.search(q.vector(), SearchRequest.topK(K));
        assertEquals(K, ids(hits).stream().distinct().count());
        try (FSDirectory directory = FSDirectory.open(dir); DirectoryReader reader = DirectoryReader.open(directory)) {
          QueryDistance distance = new QueryDistance(q.vector(), Metric.COSINE, null);
          // A pool of 12 items at one view each: 12 documents, about 4 items; widened until 10 are found.
          List<Candidate> found = GraphSearch.search(new IndexSearcher(reader), FieldNames.vector(SPEC.embedder()),
              distance, q.vector(), null, K, 12, 1);
          assertEquals(K, found.size());
          assertEquals(K, found.stream().map(Candidate::id).distinct().count());
        }
      }
    }
  }

  /** Ids of the k items whose closest view is closest to the query (ties by id). */
  private static List<String> bruteForce(float[] query, int k, int items) {
    List<Integer> order = new ArrayList<>();
    float[] best = new float[items];
    for (int i = 0; i < items; i++) {
      order.add(i);
      best[i] = closest(query, i);
    }
    order.sort(Comparator.<Integer>comparingDouble(i -> best[i]).thenComparing(i -> train.get(i).id()));
    return order.subList(0, k).stream().map(i -> train.get(i).id()).toList();
  }

  private static float closest(float[] query, int item) {
    float best = Float.POSITIVE_INFINITY;
    for (float[] view : views.get(item)) best = Math.min(best, Metric.COSINE.distance(query, view));
    return best;
  }

  private static int indexOf(String id) {
    for (int i = 0; i < train.size(); i++) if (train.get(i).id().equals(id)) return i;
    throw new AssertionError(id);
  }

  private static int documentsIn(Path dir) throws IOException {
    try (FSDirectory directory = FSDirectory.open(dir); DirectoryReader reader = DirectoryReader.open(directory)) {
      return reader.numDocs();
    }
  }

  private static int documentsWithId(Path dir, String id) throws IOException {
    try (FSDirectory directory = FSDirectory.open(dir); DirectoryReader reader = DirectoryReader.open(directory)) {
      return new IndexSearcher(reader).count(new TermQuery(new Term(FieldNames.ID, id)));
    }
  }

  private static List<String> ids(List<Hit> hits) {
    return hits.stream().map(Hit::id).toList();
  }
}
