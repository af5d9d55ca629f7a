package dev.loupe.lucene;

import static dev.loupe.testing.PixelVectors.RGB_768_UNIT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.query.Hit;
import dev.loupe.core.query.Metric;
import dev.loupe.core.query.SearchRequest;
import dev.loupe.testing.PixelVectors;
import dev.loupe.testing.PixelVectors.Sample;
import dev.loupe.testing.TestImages;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.lucene.index.SegmentInfos;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Index safety on real Lucene indexes: the user's files are never deleted, damage is found and named, a full
 * disk and a second writer fail with one line, and puts go on while a commit syncs. Faults are injected through
 * a {@link FaultyDirectory} over the real directory, as Lucene's own tests do.
 */
class IndexSafetyTest {

  static final IndexSpec SPEC = RGB_768_UNIT.spec(Metric.COSINE, IndexSpec.HnswParams.DEFAULT);
  static List<Sample> train;

  @BeforeAll
  static void load() {
    train = PixelVectors.train(RGB_768_UNIT);
  }

  @Test
  void aFolderOfPhotosNamedLikeIndexFilesIsNeverTouched(@TempDir Path tmp) throws IOException {
    // Lucene's index file pattern _[a-z0-9]+(_.*)?\..* matches these names; it deleted them as "debris".
    Path album = Files.createDirectories(tmp.resolve("album"));
    byte[] photo = TestImages.bytes(TestImages.LOTUS);
    Files.write(album.resolve("_dsc_0001.jpg"), photo);
    Path notesOnly = Files.createDirectories(tmp.resolve("notes"));
    Files.writeString(notesOnly.resolve("_notes.txt"), "call the framer");

    for (Path dir : List.of(album, notesOnly)) {
      IndexUnavailableException e = assertThrows(IndexUnavailableException.class, () -> LuceneItemStore.create(dir, SPEC));
      assertEquals(IndexUnavailableException.Reason.NOT_LOUPE, e.reason());
      assertThrows(IndexUnavailableException.class, () -> LuceneItemStore.openOrCreate(dir, SPEC));
      assertThrows(IndexUnavailableException.class, () -> LuceneItemStore.deleteIndex(dir));
    }
    assertArrayEquals(photo, Files.readAllBytes(album.resolve("_dsc_0001.jpg")));
    assertEquals("call the framer", Files.readString(notesOnly.resolve("_notes.txt")));
    assertEquals(List.of("_dsc_0001.jpg"), names(album), "nothing created, nothing deleted");
  }

  @Test
  void aUsersFileInsideAnIndexIsNotDeletedByTheWriter(@TempDir Path tmp) throws IOException {
    Path dir = tmp.resolve("index");
    try (LuceneItemStore store = LuceneItemStore.create(dir, SPEC)) {
      PixelVectors.putAll(store, train.subList(0, 10));
    }
    // Unreferenced by any commit and named like an index file: the writer would delete it on opening.
    Files.writeString(dir.resolve("_readme.txt"), "what this folder is");
    try (LuceneItemStore store = LuceneItemStore.open(dir)) {
      IndexUnavailableException e = assertThrows(IndexUnavailableException.class, store::startWriting);
      assertTrue(e.getMessage().contains("_readme.txt, which Loupe did not write"), e.getMessage());
    }
    assertEquals("what this folder is", Files.readString(dir.resolve("_readme.txt")));
  }

  @Test
  void aLostCommitPointIsDamageNotAFreshStartAndRebuildRemovesOnlyLoupesFiles(@TempDir Path tmp) throws IOException {
    Path dir = tmp.resolve("index");
    try (LuceneItemStore store = LuceneItemStore.create(dir, SPEC)) {
      PixelVectors.putAll(store, train.subList(0, 20));
    }
    for (String name : names(dir)) if (name.startsWith("segments_")) Files.delete(dir.resolve(name));
    List<String> left = names(dir);
    assertFalse(left.isEmpty());

    IndexUnavailableException e = assertThrows(IndexUnavailableException.class, () -> LuceneItemStore.openOrCreate(dir, SPEC));
    assertEquals(IndexUnavailableException.Reason.DAMAGED, e.reason());
    assertEquals("index " + dir + " is damaged (it holds index files but no commit point (segments_N)); restore it"
        + " from a backup, or rebuild it with 'loupe index SOURCES --index " + dir + " --rebuild'", e.getMessage());
    assertEquals(left, names(dir), "nothing deleted");
    assertEquals(List.of(e.getMessage()), IndexCheck.run(dir).problems());

    Files.writeString(dir.resolve("keep.txt"), "mine");
    assertThrows(IndexUnavailableException.class, () -> LuceneItemStore.deleteIndex(dir), "refused: a file not ours");
    assertEquals("mine", Files.readString(dir.resolve("keep.txt")));
    Files.delete(dir.resolve("keep.txt"));

    assertEquals(left.size() - (left.contains("write.lock") ? 1 : 0), LuceneItemStore.deleteIndex(dir));
    try (LuceneItemStore store = LuceneItemStore.create(dir, SPEC)) {
      assertEquals(0, store.size());
    }
  }

  @Test
  void sixteenZeroedBytesAreFoundByCheckAndWhenOpeningForWriting(@TempDir Path tmp) throws IOException {
    Path dir = tmp.resolve("index");
    try (LuceneItemStore store = LuceneItemStore.create(dir, SPEC)) {
      PixelVectors.putAll(store, train.subList(0, 200));
      store.forceMerge(1);
    }
    IndexCheck.Report healthy = IndexCheck.run(dir);
    assertTrue(healthy.healthy(), healthy.problems().toString());
    assertEquals(200, healthy.documents());
    assertEquals(1, healthy.segments());

    // The largest file holds the vectors: zeroing 16 bytes inside it changes one score and nothing else.
    Path largest = largestSegmentFile(dir);
    zero(largest, Files.size(largest) / 2, 16);

    IndexCheck.Report damaged = IndexCheck.run(dir);
    assertFalse(damaged.healthy());
    String line = damaged.problems().get(0);
    assertTrue(line.startsWith("index " + dir + " is damaged ("), line);
    assertTrue(line.endsWith("restore it from a backup, or rebuild it with 'loupe index SOURCES --index " + dir
        + " --rebuild'"), line);
    assertFalse(line.contains("\n"));

    try (LuceneItemStore store = LuceneItemStore.open(dir)) {
      IndexUnavailableException e = assertThrows(IndexUnavailableException.class, store::startWriting);
      assertEquals(IndexUnavailableException.Reason.DAMAGED, e.reason());
      assertTrue(e.getMessage().startsWith("index " + dir + " is damaged ("), e.getMessage());
    }
  }

  @Test
  void aDamagedCommitPointOrLockFileIsNamedInOneLine(@TempDir Path tmp) throws IOException {
    Path dir = tmp.resolve("index");
    try (LuceneItemStore store = LuceneItemStore.create(dir, SPEC)) {
      PixelVectors.putAll(store, train.subList(0, 10));
    }
    // A file named segments_<not base 36>: Lucene fails parsing it ("For input string ... radix 36").
    Path odd = Files.write(dir.resolve("segments_1-old"), new byte[0]);
    IndexUnavailableException e = assertThrows(IndexUnavailableException.class, () -> LuceneItemStore.open(dir));
    assertEquals(IndexUnavailableException.Reason.DAMAGED, e.reason());
    assertTrue(e.getMessage().contains("radix 36"), e.getMessage());
    Files.delete(odd);

    // A scribbled lock file: the writer refuses it ("Unexpected lock file size").
    Files.writeString(dir.resolve("write.lock"), "scribble");
    LuceneItemStore store = LuceneItemStore.open(dir);
    e = assertThrows(IndexUnavailableException.class, () -> {
      store.startWriting();
      store.put(train.get(50).item(), train.get(50).vector());
      store.commit();
    });
    assertEquals(IndexUnavailableException.Reason.DAMAGED, e.reason());
    assertTrue(e.getMessage().contains("Unexpected lock file size"), e.getMessage());
    assertEquals(e.getMessage(), assertThrows(IOException.class, store::close).getMessage());
    // --rebuild repairs it: the lock file is emptied along with removing the index.
    LuceneItemStore.deleteIndex(dir);
    try (LuceneItemStore rebuilt = LuceneItemStore.create(dir, SPEC)) {
      PixelVectors.putAll(rebuilt, train.subList(0, 10));
    }

    // Zeroed bytes in the commit point itself (CorruptIndexException).
    Path segments = dir.resolve(SegmentInfos.getLastCommitSegmentsFileName(names(dir).toArray(String[]::new)));
    zero(segments, 20, 16);
    e = assertThrows(IndexUnavailableException.class, () -> LuceneItemStore.open(dir));
    assertEquals(IndexUnavailableException.Reason.DAMAGED, e.reason());
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void aFullDiskNamesTheIndexAndItsFirstCauseAndKeepsWhatWasCommitted(@TempDir Path tmp) throws IOException {
    Path dir = tmp.resolve("index");
    FaultyDirectory[] faulty = new FaultyDirectory[1];
    try (LuceneItemStore store = LuceneItemStore.create(dir, SPEC, d -> faulty[0] = new FaultyDirectory(d))) {
      PixelVectors.putAll(store, train.subList(0, 30));
      faulty[0].fillDisk();
      IOException first = assertThrows(IOException.class, () -> {
        for (Sample s : train.subList(30, 60)) store.put(s.item(), s.vector());
        store.commit();
      });
      assertEquals("cannot write the index at " + dir + ": " + FaultyDirectory.ENOSPC, first.getMessage());
      // The writer is dead now; later writes report the same first cause, not "this IndexWriter is closed".
      IOException later = assertThrows(IOException.class, () -> store.put(train.get(61).item(), train.get(61).vector()));
      assertEquals(first.getMessage(), later.getMessage());
      assertEquals(first.getMessage(), assertThrows(IOException.class, store::commit).getMessage());
      assertEquals(first.getMessage(), assertThrows(IOException.class, store::close).getMessage());
    }
    try (LuceneItemStore store = LuceneItemStore.open(dir)) {
      assertEquals(30, store.size(), "the commit before the failure stays");
    }
    assertTrue(IndexCheck.run(dir).healthy());
  }

  @Test
  void aPutCompletesWhileACommitSyncs(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("index");
    FaultyDirectory[] faulty = new FaultyDirectory[1];
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CountDownLatch gate = new CountDownLatch(1);
    try (LuceneItemStore store = LuceneItemStore.create(dir, SPEC, d -> faulty[0] = new FaultyDirectory(d))) {
      try {
        for (Sample s : train.subList(0, 20)) store.put(s.item(), s.vector());
        faulty[0].blockSyncUntil(gate);
        Future<?> commit = pool.submit(() -> {
          store.commit();
          return null;
        });
        assertTrue(faulty[0].syncEntered.await(30, TimeUnit.SECONDS), "the commit reached its fsync");
        Future<?> put = pool.submit(() -> {
          store.put(train.get(20).item(), train.get(20).vector());
          return null;
        });
        put.get(30, TimeUnit.SECONDS); // a TimeoutException when the commit holds the lock a put needs
        assertFalse(commit.isDone(), "the commit is still syncing");
        gate.countDown();
        commit.get(30, TimeUnit.SECONDS);
        faulty[0].blockSyncUntil(null);
        store.commit();
        assertEquals(21, store.size());
      } finally {
        gate.countDown(); // before close, which waits for the commit
        faulty[0].blockSyncUntil(null);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aSecondWriterFailsAtOnceWhileALongLivedReaderSeesItsCommits(@TempDir Path tmp) throws IOException {
    Path dir = tmp.resolve("index");
    try (LuceneItemStore writer = LuceneItemStore.create(dir, SPEC);
        LuceneItemStore second = LuceneItemStore.open(dir)) {
      PixelVectors.putAll(writer, train.subList(0, 10));
      IndexUnavailableException e = assertThrows(IndexUnavailableException.class, second::startWriting);
      assertEquals(IndexUnavailableException.Reason.LOCKED, e.reason());
      assertEquals("index " + dir + " is being written by another process (its write lock is held); wait for it to"
          + " finish", e.getMessage());
      assertEquals(10, searchUntil(second, train.get(0).vector(), SearchRequest.topK(100), h -> h.size() == 10).size());

      // No refresh() call: searches pick up the other writer's new commit by themselves, within the refresh
      // interval (ten times it here, so a slow machine does not fail the test).
      Sample added = train.get(200);
      writer.put(added.item(), added.vector());
      writer.commit();
      List<Hit> hits = searchUntil(second, added.vector(), SearchRequest.topK(1).withExact(true),
          h -> h.get(0).id().equals(added.id()));
      assertEquals(added.id(), hits.get(0).id());
    }
  }

  /** Searches until {@code done} holds or ten refresh intervals passed; returns the last hits. */
  private static List<Hit> searchUntil(LuceneItemStore store, float[] query, SearchRequest request,
      java.util.function.Predicate<List<Hit>> done) throws IOException {
    long deadline = System.nanoTime() + 10 * LuceneItemStore.REFRESH_INTERVAL_NANOS;
    List<Hit> hits = store.search(query, request);
    while (!done.test(hits) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      hits = store.search(query, request);
    }
    return hits;
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static Path largestSegmentFile(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().startsWith("_"))
          .max(Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
    }
  }

  private static void zero(Path file, long at, int count) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.allocate(count), at);
    }
  }
}
