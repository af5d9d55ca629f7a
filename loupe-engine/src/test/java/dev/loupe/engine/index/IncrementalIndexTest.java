package dev.loupe.engine.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.query.Hit;
import dev.loupe.core.query.SearchRequest;
import dev.loupe.engine.Loupe;
import dev.loupe.engine.LoupeConfig;
import dev.loupe.engine.catalog.CatalogEntry;
import dev.loupe.engine.catalog.CsvCatalog;
import dev.loupe.engine.catalog.SourceScanner;
import dev.loupe.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Re-indexing embeds only what changed, prunes what is gone, and skips bad files with a reason. */
class IncrementalIndexTest {

  private static final LoupeConfig CONFIG = LoupeConfig.defaults().withModelDirs(List.of(SharedData.models()));

  static List<CatalogEntry> scan(Path dir) throws Exception {
    return new SourceScanner(new CsvCatalog("id", "image"), Map.of()).scan(List.of(dir));
  }

  /** Copies the first {@code n} caltech test images (5 classes x 4) into a folder of our own. */
  static Path copyImages(Path dir, int n) throws Exception {
    Files.createDirectories(dir);
    for (Path f : SharedData.filesUnder(SharedData.caltechTest()).subList(0, n)) {
      Path to = dir.resolve(SharedData.labelOf(f) + "_" + f.getFileName());
      Files.copy(f, to, StandardCopyOption.COPY_ATTRIBUTES);
    }
    return dir;
  }

  @Test
  void reindexEmbedsOnlyWhatChanged(@TempDir Path tmp) throws Exception {
    Path photos = copyImages(tmp.resolve("photos"), 12);
    Path index = tmp.resolve("idx");
    try (Loupe loupe = Loupe.openOrCreate(index, CONFIG)) {
      IndexSummary first = loupe.index(scan(photos), IndexListener.NONE);
      assertEquals(12, first.indexed());
    }
    // Touch one file without changing its bytes, replace another with a different photo, add one new file.
    List<Path> files = SharedData.filesUnder(photos);
    Files.setLastModifiedTime(files.get(0), FileTime.fromMillis(System.currentTimeMillis() + 60_000));
    Files.copy(SharedData.filesUnder(SharedData.caltechTrain()).get(0), files.get(1), StandardCopyOption.REPLACE_EXISTING);
    Files.copy(SharedData.filesUnder(SharedData.caltechTrain()).get(100), photos.resolve("new.jpg"));
    try (Loupe loupe = Loupe.openOrCreate(index, CONFIG)) {
      IndexSummary second = loupe.index(scan(photos), IndexListener.NONE);
      assertEquals(2, second.indexed(), "the replaced and the new file");
      assertEquals(11, second.unchanged(), "10 untouched + 1 touched with identical bytes");
      assertEquals(13, loupe.store().size());
      // The replaced file's vector is the new photo's: searching with that photo finds it first.
      Hit top = loupe.search(files.get(1), SearchRequest.topK(1)).get(0);
      assertEquals(files.get(1).toAbsolutePath().toString(), top.path());
      assertEquals(1.0, top.score(), 1e-4);
    }
    Files.delete(files.get(2));
    try (Loupe loupe = Loupe.openOrCreate(index, CONFIG.withIndexing(CONFIG.indexing().withPrune(true)))) {
      IndexSummary third = loupe.index(scan(photos), IndexListener.NONE);
      assertEquals(0, third.indexed());
      assertEquals(1, third.removed());
      assertEquals(12, loupe.store().size());
      assertTrue(loupe.store().get(files.get(2).toAbsolutePath().toString()).isEmpty());
    }
  }

  @Test
  void badFilesAreSkippedWithReasonsAndTheRestIsIndexed(@TempDir Path tmp) throws Exception {
    Path photos = copyImages(tmp.resolve("photos"), 4);
    byte[] jpeg = Files.readAllBytes(SharedData.filesUnder(photos).get(0));
    Files.write(photos.resolve("empty.jpg"), new byte[0]);
    Files.write(photos.resolve("truncated.jpg"), java.util.Arrays.copyOf(jpeg, jpeg.length / 2));
    Files.writeString(photos.resolve("notes.png"), "this is not an image\n");
    Files.write(photos.resolve("bomb.png"), BadImages.pngHeader(100_000, 100_000));
    Map<String, String> reasons = new ConcurrentHashMap<>();
    IndexListener listener = new IndexListener() {
      @Override
      public void done(CatalogEntry entry, Outcome outcome, String reason) {
        if (outcome == Outcome.SKIPPED) reasons.put(entry.file().getFileName().toString(), reason);
      }
    };
    try (Loupe loupe = Loupe.openOrCreate(tmp.resolve("idx"), CONFIG)) {
      IndexSummary summary = loupe.index(scan(photos), listener);
      assertEquals(4, summary.indexed());
      assertEquals(4, summary.skipped(), reasons.toString());
      assertFalse(summary.nothingDone());
      assertTrue(reasons.get("empty.jpg").contains("empty"), reasons.toString());
      assertTrue(reasons.get("truncated.jpg").contains("truncated"), reasons.toString());
      assertTrue(reasons.get("bomb.png").contains("exceeds"), reasons.toString());
      assertTrue(reasons.containsKey("notes.png"), reasons.toString());
      assertEquals(4, loupe.store().size());
    }
  }

  @Test
  void sameQueryTwiceGivesIdenticalResults(@TempDir Path tmp) throws Exception {
    Path photos = copyImages(tmp.resolve("photos"), 20);
    try (Loupe loupe = Loupe.openOrCreate(tmp.resolve("idx"), CONFIG)) {
      loupe.index(scan(photos), IndexListener.NONE);
      Path query = SharedData.filesUnder(SharedData.caltechTrain()).get(5);
      List<Hit> a = loupe.search(query, SearchRequest.topK(10));
      List<Hit> b = loupe.search(query, SearchRequest.topK(10));
      assertEquals(a, b);
      // Concurrent searches give the same answer too.
      List<List<Hit>> results = Collections.synchronizedList(new ArrayList<>());
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        threads.add(Thread.ofPlatform().start(() -> {
          try {
            results.add(loupe.search(query, SearchRequest.topK(10)));
          } catch (Exception e) {
            throw new RuntimeException(e);
          }
        }));
      }
      for (Thread t : threads) t.join();
      assertEquals(4, results.size());
      for (List<Hit> r : results) assertEquals(a, r);
    }
  }
}
