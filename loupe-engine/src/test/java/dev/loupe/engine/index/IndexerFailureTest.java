package dev.loupe.engine.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.embed.Embedder;
import dev.loupe.core.embed.EmbedderSettings;
import dev.loupe.core.embed.Embedders;
import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.query.Metric;
import dev.loupe.engine.catalog.CatalogEntry;
import dev.loupe.lucene.FaultyDirectory;
import dev.loupe.lucene.LuceneItemStore;
import dev.loupe.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The indexer tells a bad file from a broken store: a real Lucene store over a directory that fails like a full
 * disk (the fault injected through a Directory wrapper, as Lucene's tests do) stops the run with one line naming
 * the index and the cause; no file is blamed for it, and what was committed before stays.
 */
class IndexerFailureTest {
  static Embedder embedder;
  static IndexSpec spec;

  @BeforeAll
  static void openEmbedder() {
    // The raw-pixel embedder: real decoding and preprocessing, no model inference to wait for.
    embedder = Embedders.load(EmbedderSettings.fromEnvironment(List.of(SharedData.models()), 1)).open("pixels-16");
    spec = new IndexSpec(embedder.descriptor(), Metric.COSINE, IndexSpec.HnswParams.DEFAULT, IndexSpec.Levers.NONE);
  }

  @AfterAll
  static void closeEmbedder() {
    embedder.close();
  }

  /** Records every skipped file and why. */
  static final class Skips implements IndexListener {
    final Map<String, String> reasons = new ConcurrentHashMap<>();

    @Override
    public void done(CatalogEntry entry, Outcome outcome, String reason) {
      if (outcome == Outcome.SKIPPED) reasons.put(entry.file().getFileName().toString(), reason);
    }
  }

  @Test
  void aDiskThatFillsUpMidRunStopsItAndKeepsWhatWasCommitted(@TempDir Path tmp) throws Exception {
    List<CatalogEntry> entries = IncrementalIndexTest.scan(IncrementalIndexTest.copyImages(tmp.resolve("photos"), 20));
    Path index = tmp.resolve("idx");
    FaultyDirectory[] disk = new FaultyDirectory[1];
    // One worker, so the order is fixed: batches of 4, a commit after 8 items, the disk full after 12.
    IndexOptions options = IndexOptions.defaults().withThreads(1).withBatchSize(4).withCommitEvery(8);
    Skips skips = new Skips();
    LuceneItemStore store = LuceneItemStore.create(index, spec, d -> disk[0] = new FaultyDirectory(d));
    IndexListener fillAfterEight = new IndexListener() {
      int done;

      @Override
      public synchronized void done(CatalogEntry entry, Outcome outcome, String reason) {
        skips.done(entry, outcome, reason);
        if (++done == 12) disk[0].fillDisk();
      }
    };
    IOException e = assertThrows(IOException.class, () -> new Indexer(embedder, store, options, fillAfterEight).run(entries));
    assertEquals("cannot write the index at " + index + ": " + FaultyDirectory.ENOSPC, e.getMessage());
    assertEquals(Map.of(), skips.reasons, "no file is blamed for the disk");
    assertThrows(IOException.class, store::close);

    try (LuceneItemStore reopened = LuceneItemStore.open(index)) {
      assertEquals(8, reopened.size(), "the commit before the disk filled up stays");
    }
  }

  @Test
  void aDeadWriterIsNotCannotPreprocessForEveryFile(@TempDir Path tmp) throws Exception {
    List<CatalogEntry> entries = IncrementalIndexTest.scan(IncrementalIndexTest.copyImages(tmp.resolve("photos"), 12));
    Path index = tmp.resolve("idx");
    FaultyDirectory[] disk = new FaultyDirectory[1];
    IndexOptions options = IndexOptions.defaults().withThreads(1).withBatchSize(4).withCommitEvery(100);
    try (LuceneItemStore store = LuceneItemStore.create(index, spec, d -> disk[0] = new FaultyDirectory(d))) {
      assertEquals(12, new Indexer(embedder, store, options, IndexListener.NONE).run(entries).indexed());
    }
    LuceneItemStore store = LuceneItemStore.open(index, d -> disk[0] = new FaultyDirectory(d));
    // The writer dies on a full disk; space comes back, but a dead writer stays dead.
    disk[0].fillDisk();
    CatalogEntry first = entries.get(0);
    assertThrows(IOException.class, () -> store.put(store.get(first.id()).orElseThrow(), new float[768]));
    disk[0].freeDisk();
    // Touched files: same bytes, new times, so each one is rewritten with its stored vector.
    for (CatalogEntry entry : entries) {
      Files.setLastModifiedTime(entry.file(), FileTime.fromMillis(System.currentTimeMillis() + 60_000));
    }
    Skips skips = new Skips();
    IOException e = assertThrows(IOException.class, () -> new Indexer(embedder, store, options, skips).run(entries));
    assertEquals("cannot write the index at " + index + ": " + FaultyDirectory.ENOSPC, e.getMessage());
    assertEquals(Map.of(), skips.reasons, "a dead writer is not a file's problem");
    assertThrows(IOException.class, store::close);
    try (LuceneItemStore reopened = LuceneItemStore.open(index)) {
      assertEquals(12, reopened.size(), "everything committed before stays");
    }
  }

  @Test
  void filesOverTheByteLimitAreSkippedUnread(@TempDir Path tmp) throws Exception {
    List<CatalogEntry> entries = IncrementalIndexTest.scan(IncrementalIndexTest.copyImages(tmp.resolve("photos"), 4));
    long smallest = Long.MAX_VALUE;
    for (CatalogEntry e : entries) smallest = Math.min(smallest, Files.size(e.file()));
    IndexOptions options = IndexOptions.defaults().withThreads(1).withMaxFileBytes(smallest);
    Skips skips = new Skips();
    try (LuceneItemStore store = LuceneItemStore.create(tmp.resolve("idx"), spec)) {
      IndexSummary summary = new Indexer(embedder, store, options, skips).run(entries);
      // Photos of different sizes: only those of exactly the smallest size are within the limit.
      assertEquals(entries.size(), summary.indexed() + summary.skipped());
      for (String reason : skips.reasons.values()) {
        assertTrue(reason.startsWith("file too large (") && reason.endsWith("bytes; the limit is " + smallest + ")"),
            reason);
      }
      assertEquals(entries.size() - 1, skips.reasons.size(), skips.reasons.toString());
    }
  }
}
