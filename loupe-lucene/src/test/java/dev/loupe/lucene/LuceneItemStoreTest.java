package dev.loupe.lucene;

import static dev.loupe.testing.PixelVectors.RGB_768_UNIT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.embed.EmbedderDescriptor;
import dev.loupe.core.index.GalleryMean;
import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.index.Item;
import dev.loupe.core.index.ItemStore;
import dev.loupe.core.index.MemoryItemStore;
import dev.loupe.core.query.Hit;
import dev.loupe.core.query.Metric;
import dev.loupe.core.query.SearchRequest;
import dev.loupe.testing.BaseItemStoreTestCase;
import dev.loupe.testing.PixelVectors.Sample;
import dev.loupe.testing.PixelVectors;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Lucene store: the whole store contract ({@link BaseItemStoreTestCase}), then what only an index on disk has
 * (specs, formats, locks, segments, commit data), on 400 caltech20 photos (768-d pixel vectors) and 80 queries.
 */
class LuceneItemStoreTest extends BaseItemStoreTestCase {

  @Override
  protected ItemStore newStore(Path dir, IndexSpec spec) throws IOException {
    return LuceneItemStore.create(dir, spec);
  }

  @Override
  protected ItemStore reopen(Path dir) throws IOException {
    return LuceneItemStore.open(dir);
  }

  /** The writer is rolled back (dropped without a commit), then the directory opened again. */
  @Override
  protected ItemStore kill(ItemStore store, Path dir) throws IOException {
    store.rollback();
    store.close();
    return LuceneItemStore.open(dir);
  }

  /** Float vectors, named: the old specs these tests read back (no "vectorFormat") are float. */
  static final IndexSpec SPEC = RGB_768_UNIT.spec(Metric.COSINE,
      IndexSpec.HnswParams.DEFAULT.withVectorFormat(dev.loupe.core.index.VectorFormat.FLOAT));

  static List<Sample> train;
  static List<Sample> queries;
  /** One shared, read-only index for the tests that only search. */
  static Path sharedDir;
  static LuceneItemStore shared;

  @BeforeAll
  static void buildSharedIndex(@TempDir Path tmp) throws IOException {
    train = PixelVectors.train(RGB_768_UNIT);
    queries = PixelVectors.test(RGB_768_UNIT);
    sharedDir = tmp.resolve("shared");
    shared = LuceneItemStore.create(sharedDir, SPEC);
    PixelVectors.putAll(shared, train);
  }

  @AfterAll
  static void closeShared() throws IOException {
    shared.close();
  }

  /** Lucene-specific: the commit's user data and the size on disk (the items' round trip is in the suite). */
  @Test
  void commitDataAndSizeOnDiskDescribeTheLastCommit(@TempDir Path tmp) throws IOException {
    Path dir = tmp.resolve("index");
    try (LuceneItemStore store = LuceneItemStore.create(dir, SPEC)) {
      PixelVectors.putAll(store, train);
    }
    try (LuceneItemStore store = LuceneItemStore.open(dir)) {
      assertEquals(Integer.toString(CommitData.PLAIN_FORMAT_VERSION), store.commitData().get(CommitData.FORMAT_KEY));
      assertEquals(SPEC, SpecJson.read(store.commitData().get(CommitData.SPEC_KEY)));
      assertFalse(store.commitData().containsKey(CommitData.MEAN_KEY), "no mean without the centre lever");
      assertTrue(store.galleryMean().isEmpty());
      // Raw floats alone are 400 × 768 × 4 bytes; the graph and stored fields come on top.
      long rawBytes = 400L * 768 * 4;
      long onDisk = store.sizeOnDiskBytes();
      assertTrue(onDisk > rawBytes && onDisk < 4 * rawBytes, "size on disk " + onDisk);
    }
  }

  /**
   * Lucene-specific: a centred index keeps its gallery mean in the commit's user data, so opening it reads the
   * mean instead of rescanning; an index committed before the mean was (no {@code loupe.mean} key) is summed from
   * its vectors once, and its next commit writes the key.
   */
  @Test
  void aCentredIndexCommitsItsMeanAndOneWithoutItIsSummedOnce(@TempDir Path tmp) throws IOException {
    Path dir = tmp.resolve("index");
    IndexSpec centred = new IndexSpec(SPEC.embedder(), SPEC.metric(), SPEC.hnsw(), new IndexSpec.Levers(true, 0));
    GalleryMean mean;
    try (LuceneItemStore store = LuceneItemStore.create(dir, centred)) {
      PixelVectors.putAll(store, train.subList(0, 100));
      mean = store.galleryMean().orElseThrow();
      assertEquals(100, mean.count());
      assertEquals(mean, GalleryMean.decode(store.commitData().get(CommitData.MEAN_KEY), 768));
    }
    // As an older Loupe left it: the same documents, a commit without the mean.
    try (IndexWriter writer = new IndexWriter(FSDirectory.open(dir),
        new IndexWriterConfig().setCodec(new LoupeCodec(SPEC.hnsw())).setOpenMode(IndexWriterConfig.OpenMode.APPEND))) {
      writer.setLiveCommitData(CommitData.of(centred).entrySet());
      writer.commit();
    }
    try (LuceneItemStore store = LuceneItemStore.open(dir)) {
      assertFalse(store.commitData().containsKey(CommitData.MEAN_KEY));
      GalleryMean summed = store.galleryMean().orElseThrow();
      assertEquals(100, summed.count());
      assertArrayEquals(mean.sum(), summed.sum(), 1e-9);
      store.put(train.get(100).item(), train.get(100).vector());
      store.commit();
      assertEquals(101, GalleryMean.decode(store.commitData().get(CommitData.MEAN_KEY), 768).count());
    }
  }

  /**
   * {@code loupe eval} ranks with the in-memory store, {@code loupe search} with this one: on the same items,
   * plain or centred, both give the same hits with the same scores, bit for bit, under every metric.
   */
  @Test
  void theInMemoryStoreRanksExactlyLikeThisOne(@TempDir Path tmp) throws IOException {
    for (boolean center : new boolean[] {false, true}) {
      IndexSpec spec = new IndexSpec(SPEC.embedder(), SPEC.metric(), SPEC.hnsw(), new IndexSpec.Levers(center, 0));
      try (LuceneItemStore lucene = LuceneItemStore.create(tmp.resolve("index-" + center), spec);
          MemoryItemStore memory = new MemoryItemStore(spec)) {
        for (ItemStore store : List.of(lucene, memory)) {
          PixelVectors.putAll(store, train.subList(0, 300));
          for (Sample s : train.subList(0, 20)) store.delete(s.id());
          store.put(train.get(0).item(), train.get(350).vector());
          store.commit();
        }
        assertEquals(memory.galleryMean(), lucene.galleryMean());
        for (Sample q : queries.subList(0, 20)) {
          for (Metric metric : Metric.values()) {
            SearchRequest request = SearchRequest.topK(25).withMetric(metric).withExact(true);
            assertEquals(memory.search(q.vector(), request), lucene.search(q.vector(), request),
                q.id() + " " + metric + " centred=" + center);
          }
        }
      }
    }
  }

  /** Lucene-specific: close() commits what is pending (the suite checks that commit publishes writes). */
  @Test
  void closeCommitsPendingWrites(@TempDir Path tmp) throws IOException {
    Path dir = tmp.resolve("index");
    try (LuceneItemStore store = LuceneItemStore.create(dir, SPEC)) {
      store.put(train.get(0).item(), train.get(0).vector());
      store.commit();
      store.put(train.get(1).item(), train.get(1).vector());
      assertEquals(1, store.size());
    }
    try (LuceneItemStore store = LuceneItemStore.open(dir)) {
      assertEquals(2, store.size(), "close() commits pending writes");
    }
  }

  /** Lucene-specific: a filtered graph search and a filtered scan rank the same class members. */
  @Test
  void aFilteredGraphSearchRanksLikeAFilteredScan() throws IOException {
    float[] query = queries.get(0).vector();
    List<Hit> approx = shared.search(query, SearchRequest.topK(5).withFilters(Map.of("class", "lotus")));
    List<Hit> exact = shared.search(query, SearchRequest.topK(5).withExact(true).withFilters(Map.of("class", "lotus")));
    assertEquals(exact, approx);
  }

  @Test
  void sameQueryGivesIdenticalResultsAndTiesGoById(@TempDir Path tmp) throws IOException {
    for (Sample q : queries.subList(0, 10)) {
      for (boolean exact : new boolean[] {false, true}) {
        SearchRequest request = SearchRequest.topK(15).withExact(exact);
        assertEquals(shared.search(q.vector(), request), shared.search(q.vector(), request));
      }
    }
    // Byte-identical photos get identical vectors: the tie must not depend on insertion or segment order.
    try (LuceneItemStore store = LuceneItemStore.create(tmp.resolve("ties"), SPEC)) {
      PixelVectors.putAll(store, train.subList(0, 150));
      Sample original = train.get(42);
      store.put(copy(original, "zz-copy"), original.vector());
      store.commit();
      store.put(copy(original, "aa-copy"), original.vector());
      store.commit();
      for (boolean exact : new boolean[] {false, true}) {
        List<Hit> hits = store.search(original.vector(), SearchRequest.topK(3).withExact(exact));
        assertEquals(List.of("aa-copy", original.id(), "zz-copy"), hits.stream().map(Hit::id).toList(),
            "exact=" + exact);
        assertEquals(hits.get(0).distance(), hits.get(2).distance());
        // With room for only one of the three equal hits, the smallest id wins.
        assertEquals("aa-copy", store.search(original.vector(), SearchRequest.topK(1).withExact(exact)).get(0).id());
      }
    }
  }

  private static Item copy(Sample s, String id) {
    Item item = s.item();
    return new Item(id, item.path(), item.contentHash(), item.size(), item.modified(), item.width(), item.height(),
        item.metadata());
  }

  @Test
  void specMismatchIsRefusedWithTheDifferences(@TempDir Path tmp) throws IOException {
    Path dir = tmp.resolve("index");
    try (LuceneItemStore store = LuceneItemStore.create(dir, SPEC)) {
      PixelVectors.putAll(store, train.subList(0, 10));
    }
    EmbedderDescriptor other = new EmbedderDescriptor("mobilenetv2-tf2-ptq", 1280, true, Map.of("sha256", "abc"));
    IndexSpec otherSpec = new IndexSpec(other, Metric.COSINE, IndexSpec.HnswParams.DEFAULT);

    SpecMismatchException e = assertThrows(SpecMismatchException.class, () -> LuceneItemStore.openOrCreate(dir, otherSpec));
    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("dimension 768 vs 1280"), e.getMessage());
    assertTrue(e.getMessage().contains("--index"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
    assertEquals(SPEC, e.existing());

    IndexSpec otherMetric = new IndexSpec(SPEC.embedder(), Metric.L2, new IndexSpec.HnswParams(32, 100, false));
    e = assertThrows(SpecMismatchException.class, () -> LuceneItemStore.openOrCreate(dir, otherMetric));
    assertEquals("metric cosine vs l2; hnsw.maxConn 16 vs 32", e.differences());

    e = assertThrows(SpecMismatchException.class, () -> LuceneItemStore.create(dir, otherSpec));
    assertTrue(e.getMessage().contains("embedder pixels-16x16-rgb-unit vs mobilenetv2-tf2-ptq"), e.getMessage());
    assertThrows(FileAlreadyExistsException.class, () -> LuceneItemStore.create(dir, SPEC));

    try (LuceneItemStore store = LuceneItemStore.openOrCreate(dir, SPEC)) {
      assertEquals(10, store.size(), "same spec: the existing index is opened, not replaced");
    }
  }

  @Test
  void leversSurviveReopenAndSpecMismatchesNameThem(@TempDir Path tmp) throws IOException {
    Path dir = tmp.resolve("index");
    IndexSpec withLevers = new IndexSpec(SPEC.embedder(), SPEC.metric(), SPEC.hnsw(), new IndexSpec.Levers(true, 2));
    try (LuceneItemStore store = LuceneItemStore.create(dir, withLevers)) {
      PixelVectors.putAll(store, train.subList(0, 10));
    }
    try (LuceneItemStore store = LuceneItemStore.open(dir)) {
      assertEquals(withLevers, store.spec());
      assertEquals(new IndexSpec.Levers(true, 2), store.spec().levers());
      assertEquals(withLevers, SpecJson.read(store.commitData().get(CommitData.SPEC_KEY)));
      assertEquals(Integer.toString(CommitData.PLAIN_FORMAT_VERSION), store.commitData().get(CommitData.FORMAT_KEY));
    }
    SpecMismatchException e =
        assertThrows(SpecMismatchException.class, () -> LuceneItemStore.openOrCreate(dir, SPEC));
    assertEquals("levers.center true vs false; levers.augmentViews 2 vs 0", e.differences());
    assertTrue(e.getMessage().contains("levers.augmentViews 2 vs 0"), e.getMessage());
    IndexSpec viewsOnly = new IndexSpec(SPEC.embedder(), SPEC.metric(), SPEC.hnsw(), new IndexSpec.Levers(false, 2));
    e = assertThrows(SpecMismatchException.class, () -> LuceneItemStore.create(dir, viewsOnly));
    assertEquals("levers.center true vs false", e.differences());
    try (LuceneItemStore store = LuceneItemStore.openOrCreate(dir, withLevers)) {
      assertEquals(10, store.size());
    }
  }

  /** The spec JSON written before levers existed, byte for byte: it reads as {@link IndexSpec.Levers#NONE}. */
  static final String SPEC_WITHOUT_LEVERS = "{\"embedder\":{\"name\":\"pixels-16x16-rgb-unit\",\"dimension\":768,"
      + "\"normalized\":true,\"fingerprint\":{\"kind\":\"box-filtered pixels\"}},\"metric\":\"cosine\","
      + "\"hnsw\":{\"maxConn\":16,\"beamWidth\":100,\"quantize\":false}}";

  @Test
  void aSpecWrittenWithoutLeversReadsAsNone() {
    IndexSpec read = SpecJson.read(SPEC_WITHOUT_LEVERS);
    assertEquals(IndexSpec.Levers.NONE, read.levers());
    assertEquals(SPEC, read);
    assertTrue(SpecJson.write(SPEC).contains("\"levers\":{\"center\":false,\"augmentViews\":0}"), SpecJson.write(SPEC));
    String partial = SPEC_WITHOUT_LEVERS.substring(0, SPEC_WITHOUT_LEVERS.length() - 1)
        + ",\"levers\":{\"center\":true}}";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpecJson.read(partial));
    assertEquals("spec has no 'levers.augmentViews'", e.getMessage());
  }

  /**
   * An index written before views existed (one document per item, no view number, the spec without levers) opens
   * with Levers.NONE, and counts, lists, reads and searches its items as before.
   */
  @Test
  void anIndexWrittenBeforeViewsExistedStillWorks(@TempDir Path tmp) throws IOException {
    Path dir = tmp.resolve("old");
    List<Sample> items = train.subList(0, 40);
    try (FSDirectory directory = FSDirectory.open(dir);
        IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig())) {
      String field = FieldNames.vector(SPEC.embedder());
      for (Sample s : items) {
        // The previous layout, field by field.
        Document doc = new Document();
        doc.add(new StringField(FieldNames.ID, s.id(), Field.Store.YES));
        doc.add(new SortedDocValuesField(FieldNames.ID, new BytesRef(s.id())));
        doc.add(new StringField(FieldNames.PATH, s.item().path(), Field.Store.YES));
        doc.add(new StringField(FieldNames.CONTENT_HASH, s.item().contentHash(), Field.Store.YES));
        doc.add(new LongField(FieldNames.SIZE, s.item().size(), Field.Store.YES));
        doc.add(new LongField(FieldNames.MODIFIED, s.item().modified(), Field.Store.YES));
        doc.add(new IntField(FieldNames.WIDTH, s.item().width(), Field.Store.YES));
        doc.add(new IntField(FieldNames.HEIGHT, s.item().height(), Field.Store.YES));
        s.item().metadata().forEach((k, v) -> doc.add(new StringField(FieldNames.meta(k), v, Field.Store.YES)));
        doc.add(new KnnFloatVectorField(field, s.vector(), VectorSimilarityFunction.DOT_PRODUCT));
        writer.addDocument(doc);
      }
      writer.setLiveCommitData(Map.of(CommitData.FORMAT_KEY, "1", CommitData.SPEC_KEY, SPEC_WITHOUT_LEVERS).entrySet());
      writer.commit();
    }
    try (LuceneItemStore store = LuceneItemStore.open(dir)) {
      assertEquals(SPEC, store.spec());
      assertEquals(40, store.size());
      assertEquals(items.get(5).item(), store.get(items.get(5).id()).orElseThrow());
      assertArrayEquals(items.get(5).vector(), store.vector(items.get(5).id()).orElseThrow());
      List<String> listed = new ArrayList<>();
      store.forEach(item -> listed.add(item.id()));
      List<String> visited = new ArrayList<>();
      store.forEachVector((id, v) -> visited.add(id));
      assertEquals(items.stream().map(Sample::id).toList(), listed);
      assertEquals(listed, visited);
      for (boolean exact : new boolean[] {false, true}) {
        List<Hit> hits = store.search(items.get(9).vector(), SearchRequest.topK(5).withExact(exact));
        assertEquals(items.get(9).id(), hits.get(0).id());
        assertEquals(items.get(9).item().path(), hits.get(0).path());
      }
      // New writes into the old index: the item replaced in place, a new one with the new layout.
      store.put(items.get(0).item(), items.get(1).vector());
      store.put(train.get(100).item(), train.get(100).vector());
      store.commit();
      assertEquals(41, store.size());
      assertArrayEquals(items.get(1).vector(), store.vector(items.get(0).id()).orElseThrow());
    }
  }

  @Test
  void unusableDirectoriesFailWithOneLineMessages(@TempDir Path tmp) throws IOException {
    Path absent = tmp.resolve("absent");
    IndexUnavailableException e = assertThrows(IndexUnavailableException.class, () -> LuceneItemStore.open(absent));
    assertEquals("no Loupe index at " + absent, e.getMessage());
    assertEquals(IndexUnavailableException.Reason.ABSENT, e.reason());
    assertFalse(Files.exists(absent), "open does not create anything");

    Path photos = Files.createDirectories(tmp.resolve("photos"));
    Files.writeString(photos.resolve("holiday.jpg"), "not really a photo");
    e = assertThrows(IndexUnavailableException.class, () -> LuceneItemStore.open(photos));
    assertEquals(IndexUnavailableException.Reason.NOT_LOUPE, e.reason());
    e = assertThrows(IndexUnavailableException.class, () -> LuceneItemStore.openOrCreate(photos, SPEC));
    assertTrue(e.getMessage().contains("choose an empty or new directory"), e.getMessage());
    try (var files = Files.list(photos)) {
      assertEquals(1, files.count(), "nothing written into a foreign directory");
    }

    Path file = Files.writeString(tmp.resolve("file"), "x");
    e = assertThrows(IndexUnavailableException.class, () -> LuceneItemStore.open(file));
    assertTrue(e.getMessage().endsWith("is a file, not an index directory"));

    Path plainLucene = tmp.resolve("plain");
    writePlainLuceneIndex(plainLucene, Map.of());
    e = assertThrows(IndexUnavailableException.class, () -> LuceneItemStore.open(plainLucene));
    assertEquals(IndexUnavailableException.Reason.NOT_LOUPE, e.reason());
    assertTrue(e.getMessage().contains("not a Loupe index"), e.getMessage());
    assertThrows(IndexUnavailableException.class, () -> LuceneItemStore.openOrCreate(plainLucene, SPEC));

    Path newer = tmp.resolve("newer");
    writePlainLuceneIndex(newer, Map.of(CommitData.FORMAT_KEY, "99", CommitData.SPEC_KEY, SpecJson.write(SPEC)));
    e = assertThrows(IndexUnavailableException.class, () -> LuceneItemStore.open(newer));
    assertEquals(IndexUnavailableException.Reason.NEWER_FORMAT, e.reason());
    assertTrue(e.getMessage().contains("format version 99"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));

    Path badSpec = tmp.resolve("bad-spec");
    writePlainLuceneIndex(badSpec, Map.of(CommitData.FORMAT_KEY, "1", CommitData.SPEC_KEY, "{\"metric\":\"cosine\"}"));
    e = assertThrows(IndexUnavailableException.class, () -> LuceneItemStore.open(badSpec));
    assertEquals("Loupe index at " + badSpec + " has an unreadable spec: spec has no 'embedder'", e.getMessage());
  }

  private static void writePlainLuceneIndex(Path dir, Map<String, String> userData) throws IOException {
    try (FSDirectory directory = FSDirectory.open(dir);
        IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig())) {
      Document doc = new Document();
      doc.add(new StringField("title", "not an item", Field.Store.YES));
      writer.addDocument(doc);
      writer.setLiveCommitData(userData.entrySet());
      writer.commit();
    }
  }

  /**
   * Lucene-specific: the graph takes unit queries, so a longer one is scaled (cosine, dot and L2 rankings against
   * unit vectors ignore the query's length) and a zero one, which has no direction, goes to the exact scan.
   */
  @Test
  void longerAndZeroQueriesAreServed() throws IOException {
    float[] doubled = queries.get(0).vector().clone();
    for (int i = 0; i < doubled.length; i++) doubled[i] *= 2;
    assertEquals(ids(shared.search(queries.get(0).vector(), SearchRequest.topK(10))),
        ids(shared.search(doubled, SearchRequest.topK(10))));
    assertEquals(10, shared.search(new float[768], SearchRequest.topK(10)).size());
  }

  @Test
  void readersTakeNoLockAndSeeOtherWritersCommitsAfterRefresh(@TempDir Path tmp) throws IOException {
    Path dir = tmp.resolve("index");
    try (LuceneItemStore writer = LuceneItemStore.create(dir, SPEC);
        LuceneItemStore reader = LuceneItemStore.open(dir)) {
      PixelVectors.putAll(writer, train.subList(0, 30));
      assertEquals(0, reader.size());
      assertTrue(reader.refresh());
      assertEquals(30, reader.size());
      assertFalse(reader.refresh());
      assertEquals(10, reader.search(queries.get(0).vector(), SearchRequest.topK(10)).size());
      IndexUnavailableException e = assertThrows(IndexUnavailableException.class,
          () -> reader.put(train.get(40).item(), train.get(40).vector()));
      assertEquals(IndexUnavailableException.Reason.LOCKED, e.reason());
    }
  }

  @Test
  void approximateSearchIsUsedOnlyWhereTheFieldRanksLikeTheMetric() throws IOException {
    Set<Metric> graph = new HashSet<>();
    for (Metric m : Metric.values()) if (shared.servesApproximately(m)) graph.add(m);
    assertEquals(Set.of(Metric.COSINE, Metric.DOT, Metric.L2), graph);
    assertNotEquals(0, shared.segmentCount());
  }
}
