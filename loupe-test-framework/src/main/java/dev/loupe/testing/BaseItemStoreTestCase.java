package dev.loupe.testing;

import static dev.loupe.testing.PixelVectors.RGB_768_UNIT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.embed.EmbedderDescriptor;
import dev.loupe.core.index.GalleryMean;
import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.index.Item;
import dev.loupe.core.index.ItemStore;
import dev.loupe.core.query.Centering;
import dev.loupe.core.query.Hit;
import dev.loupe.core.query.Metric;
import dev.loupe.core.query.SearchRequest;
import dev.loupe.core.query.Vectors;
import dev.loupe.core.util.FileTrees;
import dev.loupe.testing.PixelVectors.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link ItemStore} contract, checked on real-data vectors ({@link PixelVectors}): every implementation's
 * test extends this class, implements {@link #newStore} and adds only its own cases (after Lucene's {@code
 * BaseKnnVectorsFormatTestCase}). Two hooks describe what a store cannot do: {@link #reopen} (persisting) and
 * {@link #kill} (dying without a commit).
 *
 * <p>Expected values are derived here, by hand or by the reference {@link ExactSearch}, never by asking the
 * store; a store that fails a case breaks its contract, whatever its other tests say.
 */
public abstract class BaseItemStoreTestCase {

  /** A new, empty store for {@code spec} in {@code dir} (absent or empty) if the store persists. */
  protected abstract ItemStore newStore(Path dir, IndexSpec spec) throws IOException;

  /**
   * Opens again the store that was closed in {@code dir}. A store that cannot persist keeps this default, which
   * skips the cases that need it with the reason.
   */
  protected ItemStore reopen(Path dir) throws IOException {
    return Assumptions.abort(getClass().getSimpleName() + " keeps nothing after close(): no reopening to check");
  }

  /**
   * The process dies without committing: every write since the last commit is lost. Returns the store to go on
   * with. The default discards the writes through {@link ItemStore#rollback}; a persistent store overrides it to
   * drop its writer and open the directory again.
   */
  protected ItemStore kill(ItemStore store, Path dir) throws IOException {
    store.rollback();
    return store;
  }

  /** 768-d unit vectors compared by cosine: a normalized embedder. */
  protected static final IndexSpec UNIT = RGB_768_UNIT.spec(Metric.COSINE, IndexSpec.HnswParams.DEFAULT);

  /** Caltech20: 400 train photos (the database) and 80 test photos (the queries), loaded once per JVM. */
  private static final class Data {
    static final List<Sample> TRAIN = PixelVectors.train(RGB_768_UNIT);
    static final List<Sample> TEST = PixelVectors.test(RGB_768_UNIT);
  }

  protected static List<Sample> train() {
    return Data.TRAIN;
  }

  protected static List<Sample> queries() {
    return Data.TEST;
  }

  protected static IndexSpec withLevers(IndexSpec spec, boolean center, int augmentViews) {
    return new IndexSpec(spec.embedder(), spec.metric(), spec.hnsw(), new IndexSpec.Levers(center, augmentViews));
  }

  protected static List<String> ids(List<Hit> hits) {
    return hits.stream().map(Hit::id).toList();
  }

  protected static Item item(String id, Map<String, String> metadata) {
    return new Item(id, "/photos/" + id + ".jpg", "", 0, 0, 0, 0, metadata);
  }

  private static final boolean[] EXACT_AND_APPROXIMATE = {true, false};

  // ------------------------------------------------------------------------------------------ commit, replace

  @Test
  public void writesAreInvisibleUntilCommit(@TempDir Path tmp) throws IOException {
    Sample a = train().get(0);
    Sample b = train().get(200);
    try (ItemStore store = newStore(tmp.resolve("index"), UNIT)) {
      store.put(a.item(), a.vector());
      assertEquals(0, store.size());
      assertTrue(store.get(a.id()).isEmpty());
      assertTrue(store.vector(a.id()).isEmpty());
      assertTrue(store.search(a.vector(), SearchRequest.topK(5)).isEmpty());
      List<String> visited = new ArrayList<>();
      store.forEach(item -> visited.add(item.id()));
      store.forEachVector((id, v) -> visited.add(id));
      assertEquals(List.of(), visited);

      store.commit();
      assertEquals(1, store.size());
      assertEquals(a.item(), store.get(a.id()).orElseThrow());
      assertEquals(List.of(a.id()), ids(store.search(a.vector(), SearchRequest.topK(5))));

      store.delete(a.id());
      store.put(b.item(), b.vector());
      for (boolean exact : EXACT_AND_APPROXIMATE) {
        assertEquals(List.of(a.id()), ids(store.search(b.vector(), SearchRequest.topK(5).withExact(exact))),
            "a delete and a put are invisible before the commit");
      }
      store.commit();
      assertEquals(List.of(b.id()), ids(store.search(a.vector(), SearchRequest.topK(5))));
    }
  }

  @Test
  public void putReplacesTheItemWithTheSameIdAndAllItsViews(@TempDir Path tmp) throws IOException {
    List<List<float[]>> views = PixelVectors.trainViews(RGB_768_UNIT);
    try (ItemStore store = newStore(tmp.resolve("index"), withLevers(UNIT, false, 2))) {
      PixelVectors.putAllViews(store, train().subList(0, 50), views.subList(0, 50));
      Sample first = train().get(0);
      Sample other = train().get(60);
      Item replaced = new Item(first.id(), other.item().path(), other.item().contentHash(), 1, 2, 3, 4,
          Map.of("class", "replaced", "note", "second put"));
      store.put(replaced, other.vector());
      store.put(replaced, other.vector()); // twice within one commit: still one item
      store.commit();
      assertEquals(50, store.size());
      assertEquals(replaced, store.get(first.id()).orElseThrow());
      assertArrayEquals(other.vector(), store.vector(first.id()).orElseThrow());
      float[] oldMirror = views.get(0).get(1);
      for (boolean exact : EXACT_AND_APPROXIMATE) {
        SearchRequest request = SearchRequest.topK(50).withExact(exact);
        List<Hit> hits = store.search(other.vector(), request);
        assertEquals(50, hits.size());
        assertEquals(first.id(), hits.get(0).id(), "the new vector is found");
        assertEquals(50, Set.copyOf(ids(hits)).size(), "no duplicate ids");
        // The old extra views are gone with the old item: the only vector left is the new one.
        Hit byOldView = store.search(oldMirror, request.withFilters(Map.of("id", first.id()))).get(0);
        assertEquals(Metric.COSINE.distance(oldMirror, other.vector()), byOldView.distance(), "exact=" + exact);
        assertTrue(store.search(first.vector(), request.withFilters(Map.of("class", first.label()))).stream()
            .noneMatch(h -> h.id().equals(first.id())), "the old metadata is gone");
      }
    }
  }

  @Test
  public void deleteRemovesTheItemAndIgnoresUnknownIds(@TempDir Path tmp) throws IOException {
    try (ItemStore store = newStore(tmp.resolve("index"), UNIT)) {
      PixelVectors.putAll(store, train().subList(0, 120));
      Sample gone = train().get(7);
      store.delete(gone.id());
      store.delete("no/such/id");
      assertEquals(120, store.size());
      store.commit();
      assertEquals(119, store.size());
      assertTrue(store.get(gone.id()).isEmpty());
      assertTrue(store.vector(gone.id()).isEmpty());
      Set<String> visited = new HashSet<>();
      store.forEach(item -> visited.add(item.id()));
      assertEquals(119, visited.size());
      assertTrue(!visited.contains(gone.id()));
      for (boolean exact : EXACT_AND_APPROXIMATE) {
        List<Hit> hits = store.search(gone.vector(), SearchRequest.topK(10).withExact(exact));
        assertTrue(hits.stream().noneMatch(h -> h.id().equals(gone.id())), "exact=" + exact);
      }
    }
  }

  // ------------------------------------------------------------------------------------------------ views

  /** An item's distance is its closest view's; each item comes back once, ranked as by hand. */
  @Test
  public void theBestViewWinsAndAnItemIsReturnedOnce(@TempDir Path tmp) throws IOException {
    List<List<float[]>> views = PixelVectors.trainViews(RGB_768_UNIT);
    try (ItemStore store = newStore(tmp.resolve("index"), withLevers(UNIT, false, 2))) {
      PixelVectors.putAllViews(store, train(), views);
      for (Sample q : queries().subList(0, 10)) {
        // By hand: each item's best view, ranked by distance then id.
        Map<String, Float> best = new HashMap<>();
        for (int i = 0; i < train().size(); i++) {
          float d = Float.POSITIVE_INFINITY;
          for (float[] v : views.get(i)) d = Math.min(d, Metric.COSINE.distance(q.vector(), v));
          best.put(train().get(i).id(), d);
        }
        List<String> expected = best.entrySet().stream()
            .sorted(Map.Entry.<String, Float>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
            .limit(30).map(Map.Entry::getKey).toList();
        for (boolean exact : EXACT_AND_APPROXIMATE) {
          List<Hit> hits = store.search(q.vector(), SearchRequest.topK(30).withExact(exact));
          assertEquals(30, Set.copyOf(ids(hits)).size(), "one hit per item");
          for (Hit h : hits) assertEquals(best.get(h.id()), h.distance(), h.id());
          if (exact) assertEquals(expected, ids(hits), q.id());
        }
      }
      // A query equal to an item's mirror view finds that item first, at distance 0.
      Sample s = train().get(33);
      for (boolean exact : EXACT_AND_APPROXIMATE) {
        Hit top = store.search(views.get(33).get(1), SearchRequest.topK(3).withExact(exact)).get(0);
        assertEquals(s.id(), top.id());
        assertEquals(0f, top.distance(), 1e-6f);
      }
    }
  }

  // --------------------------------------------------------------------------------------- filters, visits

  @Test
  public void filtersMatchMetadataIdAndPathExactly(@TempDir Path tmp) throws IOException {
    try (ItemStore store = newStore(tmp.resolve("index"), UNIT)) {
      PixelVectors.putAll(store, train());
      float[] query = queries().get(0).vector();
      for (boolean exact : EXACT_AND_APPROXIMATE) {
        SearchRequest request = SearchRequest.topK(30).withExact(exact);
        List<Hit> bonsai = store.search(query, request.withFilters(Map.of("class", "bonsai")));
        assertEquals(20, bonsai.size(), "20 bonsai photos in train; exact=" + exact);
        assertTrue(bonsai.stream().allMatch(h -> h.metadata().get("class").equals("bonsai")));
        assertEquals(bonsai, store.search(query, request.withFilters(Map.of("class", "bonsai", "split", "train"))));
        assertTrue(store.search(query, request.withFilters(Map.of("class", "bonsai", "split", "test"))).isEmpty());
        assertTrue(store.search(query, request.withFilters(Map.of("class", "Bonsai"))).isEmpty(), "case-sensitive");
        assertTrue(store.search(query, request.withFilters(Map.of("no-such-column", "x"))).isEmpty());
        Sample target = train().get(123);
        List<Hit> byId = store.search(query, request.withFilters(Map.of("id", target.id())));
        assertEquals(List.of(target.id()), ids(byId));
        assertEquals(byId, store.search(query, request.withFilters(Map.of("path", target.item().path()))));
      }
    }
  }

  @Test
  public void minScoreDropsWeakerHitsAndKeepsRanksDense(@TempDir Path tmp) throws IOException {
    try (ItemStore store = newStore(tmp.resolve("index"), UNIT)) {
      PixelVectors.putAll(store, train());
      float[] query = queries().get(3).vector();
      for (boolean exact : EXACT_AND_APPROXIMATE) {
        for (Metric metric : List.of(Metric.COSINE, Metric.L2, Metric.L1)) {
          SearchRequest request = SearchRequest.topK(20).withExact(exact).withMetric(metric);
          List<Hit> all = store.search(query, request);
          float threshold = all.get(6).score();
          List<Hit> kept = store.search(query, request.withMinScore(threshold));
          assertEquals(all.stream().filter(h -> h.score() >= threshold).toList(), kept);
          for (int i = 0; i < kept.size(); i++) assertEquals(i + 1, kept.get(i).rank());
          assertTrue(store.search(query, request.withMinScore(Float.POSITIVE_INFINITY)).isEmpty());
        }
      }
    }
  }

  /** forEach visits each committed item once; forEachVector gives each item's own vector (view 0) only. */
  @Test
  public void forEachAndForEachVectorVisitEachCommittedItemOnce(@TempDir Path tmp) throws IOException {
    List<List<float[]>> views = PixelVectors.trainViews(RGB_768_UNIT);
    try (ItemStore store = newStore(tmp.resolve("index"), withLevers(UNIT, false, 2))) {
      PixelVectors.putAllViews(store, train().subList(0, 100), views.subList(0, 100));
      store.put(train().get(100).item(), train().get(100).vector()); // not committed: not visited
      Map<String, Item> items = new HashMap<>();
      store.forEach(item -> assertEquals(null, items.put(item.id(), item), "visited twice: " + item.id()));
      assertEquals(train().subList(0, 100).stream().collect(Collectors.toMap(Sample::id, Sample::item)), items);
      Map<String, float[]> vectors = new HashMap<>();
      store.forEachVector((id, v) -> assertEquals(null, vectors.put(id, v), "visited twice: " + id));
      assertEquals(100, vectors.size());
      for (int i = 0; i < 100; i++) assertArrayEquals(views.get(i).get(0), vectors.get(train().get(i).id()));
    }
  }

  // ------------------------------------------------------------------------------------------- persistence

  @Test
  public void itemsVectorsAndTheMeanSurviveCloseAndReopen(@TempDir Path tmp) throws IOException {
    Path dir = tmp.resolve("index");
    IndexSpec spec = withLevers(UNIT, true, 0);
    List<List<Hit>> before = new ArrayList<>();
    GalleryMean mean;
    IndexSpec created; // the store's own: an implementation may add to the spec it is given (a vector format)
    try (ItemStore store = newStore(dir, spec)) {
      created = store.spec();
      assertEquals(spec.levers(), created.levers());
      PixelVectors.putAll(store, train());
      store.delete(train().get(5).id());
      store.commit();
      mean = store.galleryMean().orElseThrow();
      for (Sample q : queries().subList(0, 5)) before.add(store.search(q.vector(), SearchRequest.topK(10)));
    }
    try (ItemStore store = reopen(dir)) {
      assertEquals(created, store.spec());
      assertEquals(train().size() - 1, store.size());
      for (Sample s : train().subList(6, train().size())) {
        assertEquals(s.item(), store.get(s.id()).orElseThrow());
        assertArrayEquals(s.vector(), store.vector(s.id()).orElseThrow());
      }
      assertEquals(mean, store.galleryMean().orElseThrow(), "the committed mean, bit for bit");
      for (int i = 0; i < 5; i++) {
        assertEquals(before.get(i), store.search(queries().get(i).vector(), SearchRequest.topK(10)));
      }
      assertTrue(store.get("no/such/id").isEmpty());
    }
  }

  // ------------------------------------------------------------------------------------------- dimensions

  /** 1280 and 2560 dimensions: above Lucene's default limit of 1024. */
  @Test
  public void moreThan1024DimensionsAreStoredAndSearched(@TempDir Path tmp) throws IOException {
    for (PixelVectors.Shape shape : List.of(PixelVectors.GRAY_1280_UNIT, PixelVectors.GRAY_2560_RAW)) {
      Metric metric = shape.unit() ? Metric.COSINE : Metric.L2;
      List<Sample> samples = PixelVectors.train(shape).subList(0, 200);
      try (ItemStore store = newStore(tmp.resolve(shape.name()), shape.spec(metric, IndexSpec.HnswParams.DEFAULT))) {
        PixelVectors.putAll(store, samples);
        assertArrayEquals(samples.get(17).vector(), store.vector(samples.get(17).id()).orElseThrow());
        List<float[]> vectors = samples.stream().map(Sample::vector).toList();
        for (Sample q : PixelVectors.test(shape).subList(0, 5)) {
          List<String> expected = ExactSearch.topK(vectors, q.vector(), metric, 10).stream()
              .map(s -> samples.get(s.ordinal()).id()).toList();
          for (boolean exact : EXACT_AND_APPROXIMATE) {
            assertEquals(expected, ids(store.search(q.vector(), SearchRequest.topK(10).withExact(exact))),
                shape + " exact=" + exact);
          }
        }
      }
    }
  }

  // ------------------------------------------------------------------------------------- metrics by hand

  /**
   * Items x1 = (3, 4, 0), x2 = (0, 0, 2) and the query q = (1, 2, 2), |q| = 3, |x1| = 5, |x2| = 2:
   * <ul>
   *   <li>q·x1 = 3 + 8 = 11, q·x2 = 4; cos = 11/15 and 4/6 = 2/3;
   *   <li>q - x1 = (-2, -2, 2): L2 = √12, L1 = 6; q - x2 = (1, 2, 0): L2 = √5, L1 = 3;
   *   <li>correlation: q - mean(q) = (-2, 1, 1)/3, x1 - 7/3 = (2, 5, -7)/3, x2 - 2/3 = (-2, -2, 4)/3; r(q, x1) =
   *       -6 / √(6·78) = -2/√52, r(q, x2) = 6 / √(6·24) = 1/2.
   * </ul>
   */
  @Test
  public void everyMetricScoresAndDistancesAsDerivedByHand(@TempDir Path tmp) throws IOException {
    EmbedderDescriptor hand = new EmbedderDescriptor("hand-3", 3, false, Map.of("kind", "hand-made"));
    IndexSpec spec = new IndexSpec(hand, Metric.L2, IndexSpec.HnswParams.DEFAULT);
    record Expected(String first, float firstDistance, float firstScore, float secondDistance, float secondScore) {}
    float sqrt52 = (float) Math.sqrt(52);
    Map<Metric, Expected> expected = Map.of(
        Metric.COSINE, new Expected("x1", 4 / 15f, 11 / 15f, 1 / 3f, 2 / 3f),
        Metric.DOT, new Expected("x1", -11, 11, -4, 4),
        Metric.L2, new Expected("x2", (float) Math.sqrt(5), 1 / (1 + (float) Math.sqrt(5)), (float) Math.sqrt(12),
            1 / (1 + (float) Math.sqrt(12))),
        Metric.L1, new Expected("x2", 3, 1 / 4f, 6, 1 / 7f),
        Metric.CORRELATION, new Expected("x2", 0.5f, 0.5f, 1 + 2 / sqrt52, -2 / sqrt52));
    try (ItemStore store = newStore(tmp.resolve("index"), spec)) {
      store.put(item("x1", Map.of()), new float[] {3, 4, 0});
      store.put(item("x2", Map.of()), new float[] {0, 0, 2});
      store.commit();
      for (Metric metric : Metric.values()) {
        Expected e = expected.get(metric);
        for (boolean exact : EXACT_AND_APPROXIMATE) {
          List<Hit> hits = store.search(new float[] {1, 2, 2}, SearchRequest.topK(2).withMetric(metric).withExact(exact));
          String where = metric + " exact=" + exact;
          assertEquals(List.of(e.first(), e.first().equals("x1") ? "x2" : "x1"), ids(hits), where);
          assertEquals(e.firstDistance(), hits.get(0).distance(), 1e-6f, where);
          assertEquals(e.firstScore(), hits.get(0).score(), 1e-6f, where);
          assertEquals(e.secondDistance(), hits.get(1).distance(), 1e-6f, where);
          assertEquals(e.secondScore(), hits.get(1).score(), 1e-6f, where);
        }
      }
    }
  }

  /**
   * A normalized embedder and a query of length 6, q = (2, 4, 4), against unit x1 = (0.6, 0.8, 0) and x2 = (0, 0,
   * 1): cosine is q·x / 6, 4.4/6 and 4/6, whatever the query's length; DOT is -q·x as is, -4.4 and -4.
   */
  @Test
  public void aNonUnitQueryScoresByItsCosineNotItsDotProduct(@TempDir Path tmp) throws IOException {
    EmbedderDescriptor hand = new EmbedderDescriptor("hand-unit-3", 3, true, Map.of("kind", "hand-made"));
    try (ItemStore store = newStore(tmp.resolve("index"), new IndexSpec(hand, Metric.COSINE, IndexSpec.HnswParams.DEFAULT))) {
      store.put(item("x1", Map.of()), new float[] {0.6f, 0.8f, 0});
      store.put(item("x2", Map.of()), new float[] {0, 0, 1});
      store.commit();
      for (boolean exact : EXACT_AND_APPROXIMATE) {
        List<Hit> cos = store.search(new float[] {2, 4, 4}, SearchRequest.topK(2).withExact(exact));
        assertEquals(List.of("x1", "x2"), ids(cos));
        assertEquals(4.4f / 6, cos.get(0).score(), 1e-6f);
        assertEquals(1 - 4.4f / 6, cos.get(0).distance(), 1e-6f);
        assertEquals(4f / 6, cos.get(1).score(), 1e-6f);
        List<Hit> dot = store.search(new float[] {2, 4, 4}, SearchRequest.topK(2).withExact(exact).withMetric(Metric.DOT));
        assertEquals(4.4f, dot.get(0).score(), 1e-5f);
        assertEquals(-4f, dot.get(1).distance(), 1e-5f);
      }
    }
  }

  // ------------------------------------------------------------------------------------------- bad input

  @Test
  public void badVectorsAndQueriesAreRefusedWithAMessageNamingTheValue(@TempDir Path tmp) throws IOException {
    try (ItemStore store = newStore(tmp.resolve("index"), UNIT)) {
      PixelVectors.putAll(store, train().subList(0, 20));
      float[] good = queries().get(0).vector();
      assertEquals("query has 100 dimensions but the index's embedder pixels-16x16-rgb-unit has 768",
          refused(() -> store.search(new float[100], SearchRequest.topK(3))));
      float[] nan = good.clone();
      nan[5] = Float.NaN;
      assertTrue(refused(() -> store.search(nan, SearchRequest.topK(3))).contains("non-finite value at component 5: NaN"));
      float[] inf = good.clone();
      inf[7] = Float.POSITIVE_INFINITY;
      assertTrue(refused(() -> store.search(inf, SearchRequest.topK(3))).contains("component 7: Infinity"));
      assertTrue(refused(() -> store.search(good, SearchRequest.topK(3).withCentering(new Centering(new float[5]))))
          .contains("centring mean has 5 dimensions"));

      Item item = train().get(30).item();
      assertEquals("vector of item '" + item.id() + "' has a non-finite value at component 5: NaN",
          refused(() -> store.put(item, nan)));
      assertTrue(refused(() -> store.put(item, new float[769])).contains("has 769 dimensions"));
      float[] doubled = good.clone();
      for (int i = 0; i < doubled.length; i++) doubled[i] *= 2;
      assertTrue(refused(() -> store.put(item, doubled))
          .contains("has norm " + Vectors.norm(doubled) + " but embedder pixels-16x16-rgb-unit is declared normalized"));
      assertTrue(refused(() -> store.put(item, List.of(good, good))).contains("has 2 views but this index stores at most 1"));
      assertTrue(refused(() -> store.put(item, List.of())).contains("has no vector"));
      store.commit();
      assertEquals(20, store.size(), "refused puts leave nothing behind");
      assertTrue(store.get(item.id()).isEmpty());
    }
  }

  /**
   * The id, path, content hash and metadata values are single terms in a Lucene index (local or under Solr), at most
   * 32766 UTF-8 bytes: a longer one is refused at put, naming it, and the writes around it still commit (a store
   * that took it would fail the whole batch at commit, and every commit after).
   */
  @Test
  public void anOverlongTermIsRefusedAtPutAndTheRestCommits(@TempDir Path tmp) throws IOException {
    try (ItemStore store = newStore(tmp.resolve("index"), UNIT)) {
      List<Sample> samples = train().subList(0, 4);
      Sample first = samples.get(0);
      store.put(first.item(), first.vector());
      // 16384 two-byte characters: under the limit in chars, over it in UTF-8 bytes.
      String over = "é".repeat(16_384);
      String atLimit = "a".repeat(32_766);
      Sample tooLong = samples.get(1);
      assertEquals("metadata field 'caption' of item '" + tooLong.item().id() + "' is 32768 bytes; at most 32766"
              + " UTF-8 bytes are supported",
          refused(() -> store.put(withMetadata(tooLong.item(), Map.of("caption", over, "class", "x")),
              tooLong.vector())));
      Sample longPath = samples.get(2);
      Item pathItem = longPath.item();
      assertTrue(refused(() -> store.put(new Item(pathItem.id(), "/" + over, pathItem.contentHash(), 0, 0, 0, 0,
          Map.of()), longPath.vector())).startsWith("path of item '" + pathItem.id() + "' is 32769 bytes"));
      Sample longest = samples.get(3);
      store.put(withMetadata(longest.item(), Map.of("caption", atLimit)), longest.vector());
      store.commit();
      assertEquals(2, store.size(), "the refused items left nothing behind, the others committed");
      assertTrue(store.get(tooLong.item().id()).isEmpty());
      assertEquals(atLimit, store.get(longest.item().id()).orElseThrow().metadata().get("caption"));
    }
  }

  /** A hit's metadata iterates by field name, whatever the store: printed and served JSON is the same everywhere. */
  @Test
  public void hitMetadataIsOrderedByFieldName(@TempDir Path tmp) throws IOException {
    try (ItemStore store = newStore(tmp.resolve("index"), UNIT)) {
      Map<String, String> metadata = new HashMap<>();
      for (String name : List.of("zeta", "alpha", "omega", "mu", "beta", "kappa", "delta", "sigma")) {
        metadata.put(name, name.toUpperCase(java.util.Locale.ROOT));
      }
      Sample sample = train().get(0);
      store.put(withMetadata(sample.item(), metadata), sample.vector());
      store.commit();
      for (boolean exact : EXACT_AND_APPROXIMATE) {
        Hit hit = store.search(sample.vector(), SearchRequest.topK(1).withExact(exact)).get(0);
        assertEquals(List.of("alpha", "beta", "delta", "kappa", "mu", "omega", "sigma", "zeta"),
            List.copyOf(hit.metadata().keySet()), exact ? "exact" : "approximate");
      }
    }
  }

  private static Item withMetadata(Item item, Map<String, String> metadata) {
    return new Item(item.id(), item.path(), item.contentHash(), item.size(), item.modified(), item.width(),
        item.height(), metadata);
  }

  private interface Call {
    void run() throws IOException;
  }

  private static String refused(Call call) {
    return assertThrows(IllegalArgumentException.class, call::run).getMessage();
  }

  // ------------------------------------------------------------------------------------------ concurrency

  /**
   * Four threads search while another puts, deletes and commits items of another split: exact searches restricted
   * to the untouched split never change, approximate ones always return k distinct items of that split.
   */
  @Test
  public void searchesDuringWritesAndCommitsSeeConsistentCommits(@TempDir Path tmp) throws Exception {
    try (ItemStore store = newStore(tmp.resolve("index"), UNIT)) {
      PixelVectors.putAll(store, train());
      SearchRequest exact = SearchRequest.topK(10).withExact(true).withFilters(Map.of("split", "train"));
      SearchRequest approximate = exact.withExact(false);
      List<Sample> qs = queries().subList(0, 20);
      Map<String, List<Hit>> expected = new HashMap<>();
      for (Sample q : qs) expected.put(q.id(), store.search(q.vector(), exact));
      AtomicBoolean writing = new AtomicBoolean(true);
      ExecutorService pool = Executors.newFixedThreadPool(5);
      try {
        Future<?> writer = pool.submit(() -> {
          try {
            for (int round = 0; round < 4; round++) {
              for (Sample s : queries()) store.put(s.item(), s.vector());
              store.commit();
              for (Sample s : queries().subList(0, 40)) store.delete(s.id());
              store.commit();
            }
          } finally {
            writing.set(false);
          }
          return null;
        });
        List<Future<Integer>> searchers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          int offset = t * 5;
          searchers.add(pool.submit(() -> {
            int checked = 0;
            do {
              for (int i = 0; i < qs.size(); i++) {
                Sample q = qs.get((i + offset) % qs.size());
                assertEquals(expected.get(q.id()), store.search(q.vector(), exact));
                List<Hit> hits = store.search(q.vector(), approximate);
                assertEquals(10, Set.copyOf(ids(hits)).size());
                assertTrue(hits.stream().allMatch(h -> h.metadata().get("split").equals("train")));
                store.search(q.vector(), SearchRequest.topK(10)); // unfiltered, while segments come and go
                checked++;
              }
            } while (writing.get());
            return checked;
          }));
        }
        writer.get();
        for (Future<Integer> f : searchers) assertTrue(f.get() >= qs.size());
      } finally {
        pool.shutdownNow();
      }
      assertEquals(train().size() + 40, store.size());
    }
  }

  /**
   * A centred index flips between two committed states, A (the 400 train photos) and B (A and the 80 test
   * photos), while four threads search it: every search sees the mean and the items of one commit, so its
   * ranking of the train photos is A's or B's, never a mix of one state's mean with the other's items.
   */
  @Test
  public void searchesOfACentredIndexSeeTheMeanOfTheCommitTheySearch(@TempDir Path tmp) throws Exception {
    try (ItemStore store = newStore(tmp.resolve("index"), withLevers(UNIT, true, 0))) {
      SearchRequest request = SearchRequest.topK(10).withExact(true).withFilters(Map.of("split", "train"));
      List<Sample> qs = queries().subList(0, 10);
      PixelVectors.putAll(store, queries());
      PixelVectors.putAll(store, train());
      Map<String, List<String>> inB = new HashMap<>();
      for (Sample q : qs) inB.put(q.id(), ids(store.search(q.vector(), request)));
      for (Sample s : queries()) store.delete(s.id());
      store.commit();
      Map<String, List<String>> inA = new HashMap<>();
      for (Sample q : qs) inA.put(q.id(), ids(store.search(q.vector(), request)));
      assertTrue(qs.stream().anyMatch(q -> !inA.get(q.id()).equals(inB.get(q.id()))),
          "the two means rank differently (else this proves nothing)");
      AtomicBoolean writing = new AtomicBoolean(true);
      ExecutorService pool = Executors.newFixedThreadPool(5);
      try {
        Future<?> writer = pool.submit(() -> {
          try {
            for (int round = 0; round < 4; round++) {
              for (Sample s : queries()) store.put(s.item(), s.vector());
              store.commit();
              for (Sample s : queries()) store.delete(s.id());
              store.commit();
            }
          } finally {
            writing.set(false);
          }
          return null;
        });
        List<Future<?>> searchers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          searchers.add(pool.submit(() -> {
            do {
              for (Sample q : qs) {
                List<String> got = ids(store.search(q.vector(), request));
                assertTrue(got.equals(inA.get(q.id())) || got.equals(inB.get(q.id())), q.id() + ": " + got);
              }
            } while (writing.get());
            return null;
          }));
        }
        writer.get();
        for (Future<?> f : searchers) f.get();
      } finally {
        pool.shutdownNow();
      }
    }
  }

  // ------------------------------------------------------------------------------------- approximate search

  /**
   * 2,216 photos (fashion-dev's 1,816 catalogue photos and caltech20's 400) in one commit: enough for Lucene to
   * build a graph. Approximate hits carry exact distances and agree with the exact top 10 on nearly every hit.
   */
  @Test
  public void approximateSearchAgreesWithExactSearchOnTwoThousandVectors(@TempDir Path tmp) throws IOException {
    List<Sample> gallery = new ArrayList<>(PixelVectors.fashionGallery(RGB_768_UNIT));
    gallery.addAll(train());
    assertTrue(gallery.size() >= 2000, "gallery of " + gallery.size());
    Map<String, float[]> byId = new HashMap<>();
    for (Sample s : gallery) byId.put(s.id(), s.vector());
    try (ItemStore store = newStore(tmp.resolve("index"), UNIT)) {
      PixelVectors.putAll(store, gallery);
      int found = 0;
      int sameTop = 0;
      List<Sample> qs = PixelVectors.fashionQueries(RGB_768_UNIT);
      for (Sample q : qs) {
        List<Hit> exact = store.search(q.vector(), SearchRequest.topK(10).withExact(true));
        List<Hit> approx = store.search(q.vector(), SearchRequest.topK(10));
        for (Hit h : approx) assertEquals(Metric.COSINE.distance(q.vector(), byId.get(h.id())), h.distance(), h.id());
        Set<String> truth = Set.copyOf(ids(exact));
        found += (int) approx.stream().filter(h -> truth.contains(h.id())).count();
        if (exact.get(0).id().equals(approx.get(0).id())) sameTop++;
      }
      double recall = found / (10.0 * qs.size());
      assertTrue(recall >= 0.95, "recall@10 " + recall);
      assertTrue(sameTop >= 0.95 * qs.size(), "same top hit for " + sameTop + " of " + qs.size());
    }
  }

  // --------------------------------------------------------------------------------------------- centring

  @Test
  public void aCentredIndexSearchesWithTheMeanOfItsCommittedItems(@TempDir Path tmp) throws IOException {
    try (ItemStore store = newStore(tmp.resolve("index"), withLevers(UNIT, true, 0))) {
      assertEquals(0, store.galleryMean().orElseThrow().count());
      PixelVectors.putAll(store, train());
      GalleryMean mean = store.galleryMean().orElseThrow();
      assertEquals(train().size(), mean.count());
      // By hand: the sum of the 400 own vectors, in double.
      double[] sum = new double[768];
      for (Sample s : train()) for (int i = 0; i < 768; i++) sum[i] += s.vector()[i];
      assertArrayEquals(sum, mean.sum(), 1e-9);
      Centering byHand = new Centering(PixelVectors.mean(store));
      // Uncommitted items move neither the mean nor the results.
      for (Sample s : queries()) store.put(s.item(), s.vector());
      int changed = 0;
      for (Sample q : queries().subList(0, 10)) {
        for (boolean exact : EXACT_AND_APPROXIMATE) {
          SearchRequest request = SearchRequest.topK(10).withExact(exact);
          List<Hit> centred = store.search(q.vector(), request);
          assertEquals(centred, store.search(q.vector(), request.withCentering(mean.centering())));
          assertEquals(ids(centred), ids(store.search(q.vector(), request.withCentering(byHand))));
          // The request's own centring wins: a zero mean only re-normalises, which leaves cosine alone.
          List<Hit> plain = store.search(q.vector(), request.withCentering(new Centering(new float[768])));
          List<String> uncentred = train().stream()
              .sorted(Comparator.comparingDouble((Sample s) -> Metric.COSINE.distance(q.vector(), s.vector()))
                  .thenComparing(Sample::id))
              .limit(10).map(Sample::id).toList();
          if (exact) assertEquals(uncentred, ids(plain));
          if (exact && !ids(centred).equals(uncentred)) changed++;
        }
      }
      assertTrue(changed > 0, "centring changes some rankings (else the checks above prove nothing)");
      store.commit();
      assertEquals(train().size() + queries().size(), store.galleryMean().orElseThrow().count());
    }
  }

  // --------------------------------------------------------------------------------------------- properties

  /** One step of an interleaving: which item, which photo. */
  public sealed interface Op {}

  public record Put(int item, int photo) implements Op {}

  /** A put refused by the checks: 0 NaN, 1 wrong dimension, 2 not unit length. */
  public record FailedPut(int item, int kind) implements Op {}

  public record Delete(int item) implements Op {}

  public record Commit() implements Op {}

  public record Kill() implements Op {}

  @Provide
  Arbitrary<List<Op>> interleavings() {
    return interleavings(5, 30);
  }

  /** More items and steps: an item outside a batch must be reached only by a put entering its list. */
  @Provide
  Arbitrary<List<Op>> dbaInterleavings() {
    return interleavings(15, 60);
  }

  private static Arbitrary<List<Op>> interleavings(int lastItem, int maxSteps) {
    Arbitrary<Integer> items = Arbitraries.integers().between(0, lastItem);
    Arbitrary<Op> put = Combinators.combine(items, Arbitraries.integers().between(0, 399)).as(Put::new);
    Arbitrary<Op> failed = Combinators.combine(items, Arbitraries.integers().between(0, 2)).as(FailedPut::new);
    Arbitrary<Op> delete = items.map(Delete::new);
    Arbitrary<Op> op = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, put), net.jqwik.api.Tuple.of(2, failed), net.jqwik.api.Tuple.of(2, delete),
        net.jqwik.api.Tuple.of(2, Arbitraries.just(new Commit())), net.jqwik.api.Tuple.of(1, Arbitraries.just(new Kill())));
    return op.list().ofMinSize(1).ofMaxSize(maxSteps);
  }

  /**
   * Any interleaving of puts, replacing puts, deletes, refused puts, commits and kills: after every commit and
   * kill, the store's committed mean is the sum and count of the committed items' own vectors (tracked here by a
   * model of the committed and pending items, not by the store).
   */
  @Property(tries = 40)
  public void theCommittedMeanIsAlwaysTheMeanOfTheCommittedItems(@ForAll("interleavings") List<Op> ops)
      throws IOException {
    Path tmp = Files.createTempDirectory("loupe-mean");
    Path dir = tmp.resolve("index");
    ItemStore store = newStore(dir, withLevers(UNIT, true, 0));
    try {
      Map<String, float[]> committed = new LinkedHashMap<>();
      Map<String, float[]> pending = new LinkedHashMap<>();
      for (Op op : ops) {
        switch (op) {
          case Put p -> {
            float[] v = train().get(p.photo()).vector();
            store.put(item("item-" + p.item(), Map.of()), v);
            pending.put("item-" + p.item(), v);
          }
          case FailedPut f -> {
            float[] v = train().get(f.item()).vector().clone();
            float[] bad = switch (f.kind()) {
              case 0 -> { v[f.item()] = Float.NaN; yield v; }
              case 1 -> new float[767];
              default -> { for (int i = 0; i < v.length; i++) v[i] *= 1.5f; yield v; }
            };
            ItemStore s = store;
            assertThrows(IllegalArgumentException.class, () -> s.put(item("item-" + f.item(), Map.of()), bad));
          }
          case Delete d -> {
            store.delete("item-" + d.item());
            pending.remove("item-" + d.item());
          }
          case Commit c -> {
            store.commit();
            committed = new LinkedHashMap<>(pending);
            assertMeanOf(committed, store);
          }
          case Kill k -> {
            store = kill(store, dir);
            pending = new LinkedHashMap<>(committed);
            assertMeanOf(committed, store);
          }
        }
      }
      store.commit();
      assertMeanOf(pending, store);
    } finally {
      store.close();
      FileTrees.delete(tmp);
    }
  }

  private static void assertMeanOf(Map<String, float[]> items, ItemStore store) throws IOException {
    Map<String, float[]> stored = new HashMap<>();
    store.forEachVector(stored::put);
    assertEquals(items.keySet(), stored.keySet());
    GalleryMean mean = store.galleryMean().orElseThrow();
    assertEquals(items.size(), mean.count());
    double[] sum = new double[768];
    for (float[] v : items.values()) for (int i = 0; i < 768; i++) sum[i] += v[i];
    // Adding and removing in double drifts by a few ulps of the sum, far below a float's resolution.
    assertArrayEquals(sum, mean.sum(), 1e-9);
  }

  // ------------------------------------------------------------------------------ database-side augmentation

  /** Database-side augmentation over 3 neighbours, the default alpha. */
  protected static IndexSpec withDba(IndexSpec spec, int top) {
    return new IndexSpec(spec.embedder(), spec.metric(), spec.hnsw(),
        spec.levers().withDba(top, IndexSpec.Levers.DEFAULT_DBA_ALPHA));
  }

  /**
   * On 400 real photos: a first commit augments every item; deleting some, replacing some with other photos and
   * adding new ones, then committing, leaves every item's augmented vector equal to a from-scratch augmentation
   * of the committed raw vectors (the neighbours of deleted, replaced and new items included); a rollback
   * discards pending writes; reopening keeps the state.
   */
  @Test
  public void databaseSideAugmentationMatchesAFromScratchAugmentationAfterEveryCommit(@TempDir Path tmp)
      throws IOException {
    Path dir = tmp.resolve("index");
    IndexSpec spec = withDba(UNIT, 3);
    Map<String, float[]> model = new LinkedHashMap<>();
    ItemStore store = newStore(dir, spec);
    try {
      assertEquals(spec.levers(), store.spec().levers());
      List<Sample> first = train().subList(0, 300);
      PixelVectors.putAll(store, first);
      for (Sample s : first) model.put(s.id(), s.vector());
      DbaReference.assertAugmentationOf(model, store);
      Map<String, float[]> before = new HashMap<>();
      for (String id : model.keySet()) before.put(id, store.searchedVector(id).orElseThrow());

      for (int i = 0; i < 300; i += 30) { // deletes
        store.delete(first.get(i).id());
        model.remove(first.get(i).id());
      }
      for (int i = 7; i < 300; i += 37) { // replacements, by photos of other classes
        Sample other = train().get(399 - i);
        store.put(first.get(i).item(), other.vector());
        model.put(first.get(i).id(), other.vector());
      }
      for (Sample s : train().subList(300, 400)) { // new items
        store.put(s.item(), s.vector());
        model.put(s.id(), s.vector());
      }
      store.commit();
      DbaReference.assertAugmentationOf(model, store);
      int moved = 0;
      for (String id : model.keySet()) {
        if (before.containsKey(id) && !java.util.Arrays.equals(before.get(id), store.searchedVector(id).orElseThrow())) moved++;
      }
      assertTrue(moved > 0, "the batch changed some kept items' neighbourhoods (else the check proves little)");

      for (Sample s : queries().subList(0, 20)) store.put(s.item(), s.vector());
      store.delete(train().get(350).id());
      store = kill(store, dir);
      DbaReference.assertAugmentationOf(model, store);
      store.rollback();
      DbaReference.assertAugmentationOf(model, store);
    } finally {
      store.close();
    }
  }

  /** A reopened DBA index has its spec, raw and augmented vectors, and keeps them consistent as it changes. */
  @Test
  public void databaseSideAugmentationSurvivesReopen(@TempDir Path tmp) throws IOException {
    Path dir = tmp.resolve("index");
    IndexSpec spec = withDba(UNIT, 3);
    Map<String, float[]> model = new LinkedHashMap<>();
    try (ItemStore store = newStore(dir, spec)) {
      PixelVectors.putAll(store, train().subList(0, 100));
      for (Sample s : train().subList(0, 100)) model.put(s.id(), s.vector());
    }
    try (ItemStore reopened = reopen(dir)) {
      assertEquals(spec.levers(), reopened.spec().levers());
      DbaReference.assertAugmentationOf(model, reopened);
      Sample q = queries().get(30);
      reopened.put(q.item(), q.vector());
      model.put(q.id(), q.vector());
      reopened.delete(train().get(3).id());
      model.remove(train().get(3).id());
      reopened.commit();
      DbaReference.assertAugmentationOf(model, reopened);
    }
  }

  /**
   * Any interleaving of puts (several ids may hold one photo: ties), replacing puts, deletes, refused puts,
   * commits and kills on a small gallery with 2 neighbours per item (full lists from 3 items on): after every commit and kill the store's
   * augmented vectors are the from-scratch augmentation of its committed raw vectors.
   */
  @Property(tries = 40)
  public void databaseSideAugmentationFollowsAnyInterleaving(@ForAll("dbaInterleavings") List<Op> ops)
      throws IOException {
    Path tmp = Files.createTempDirectory("loupe-dba");
    Path dir = tmp.resolve("index");
    ItemStore store = newStore(dir, withDba(UNIT, 2));
    try {
      Map<String, float[]> committed = new LinkedHashMap<>();
      Map<String, float[]> pending = new LinkedHashMap<>();
      for (Op op : ops) {
        switch (op) {
          case Put p -> {
            // Photos of a few classes only, so that neighbourhoods overlap and change.
            float[] v = train().get(p.photo() % 60).vector();
            store.put(item("item-" + p.item(), Map.of()), v);
            pending.put("item-" + p.item(), v);
          }
          case FailedPut f -> {
            ItemStore s = store;
            assertThrows(IllegalArgumentException.class, () -> s.put(item("item-" + f.item(), Map.of()), new float[767]));
          }
          case Delete d -> {
            store.delete("item-" + d.item());
            pending.remove("item-" + d.item());
          }
          case Commit c -> {
            store.commit();
            committed = new LinkedHashMap<>(pending);
            DbaReference.assertAugmentationOf(committed, store);
          }
          case Kill k -> {
            store = kill(store, dir);
            pending = new LinkedHashMap<>(committed);
            DbaReference.assertAugmentationOf(committed, store);
          }
        }
      }
      store.commit();
      DbaReference.assertAugmentationOf(pending, store);
    } finally {
      store.close();
      FileTrees.delete(tmp);
    }
  }

  /** A small set of 4-d vectors with integer components in -3..3 (so distances tie often), and a query. */
  public record SmallSet(List<float[]> vectors, float[] query) {
    @Override
    public String toString() {
      return vectors.stream().map(java.util.Arrays::toString).collect(Collectors.joining(" ")) + " q="
          + java.util.Arrays.toString(query);
    }
  }

  @Provide
  Arbitrary<SmallSet> smallSets() {
    Arbitrary<float[]> vector = Arbitraries.integers().between(-3, 3).array(int[].class).ofSize(4).map(a -> {
      float[] f = new float[a.length];
      for (int i = 0; i < a.length; i++) f[i] = a[i];
      return f;
    });
    return Combinators.combine(vector.list().ofMinSize(1).ofMaxSize(12), vector).as(SmallSet::new);
  }

  /**
   * For any small set of vectors, any metric and any k, an exact search ranks like the reference {@link
   * ExactSearch}, with its distances bit for bit (ids follow the vectors' order, so ties break alike).
   */
  @Property(tries = 60)
  public void exactSearchRanksLikeTheReferenceExactSearch(@ForAll("smallSets") SmallSet set, @ForAll Metric metric,
      @ForAll @IntRange(min = 1, max = 13) int k) throws IOException {
    EmbedderDescriptor four = new EmbedderDescriptor("small-4", 4, false, Map.of("kind", "generated"));
    Path tmp = Files.createTempDirectory("loupe-exact");
    try (ItemStore store = newStore(tmp.resolve("index"), new IndexSpec(four, Metric.L2, IndexSpec.HnswParams.DEFAULT))) {
      for (int i = 0; i < set.vectors().size(); i++) store.put(item(String.format("v%02d", i), Map.of()), set.vectors().get(i));
      store.commit();
      List<Hit> hits = store.search(set.query(), SearchRequest.topK(k).withMetric(metric).withExact(true));
      List<ExactSearch.Scored> expected = ExactSearch.topK(set.vectors(), set.query(), metric, k);
      assertEquals(expected.stream().map(s -> String.format("v%02d", s.ordinal())).toList(), ids(hits));
      assertEquals(expected.stream().map(ExactSearch.Scored::distance).toList(),
          hits.stream().map(Hit::distance).toList());
    } finally {
      FileTrees.delete(tmp);
    }
  }
}
