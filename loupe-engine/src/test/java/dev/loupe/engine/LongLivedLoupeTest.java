package dev.loupe.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.loupe.core.query.SearchRequest;
import dev.loupe.engine.catalog.CatalogEntry;
import dev.loupe.engine.index.IndexListener;
import dev.loupe.lucene.IndexUnavailableException;
import dev.loupe.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long-lived {@link Loupe} (a server) sees what another writer commits without being reopened, and a second
 * writer fails at once while the first holds the index.
 */
class LongLivedLoupeTest {
  private static final LoupeConfig CONFIG =
      LoupeConfig.defaults().withModelDirs(List.of(SharedData.models())).withModel("pixels-16");

  @Test
  void searchesSeeOtherWritersCommitsAndASecondWriterFailsAtOnce(@TempDir Path tmp) throws Exception {
    Path photos = Files.createDirectories(tmp.resolve("photos"));
    for (Path f : SharedData.filesUnder(SharedData.caltechTest()).subList(0, 20)) {
      Files.copy(f, photos.resolve(SharedData.labelOf(f) + "_" + f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
    }
    List<CatalogEntry> all = new dev.loupe.engine.catalog.SourceScanner(
        new dev.loupe.engine.catalog.CsvCatalog("id", "image"), Map.of()).scan(List.of(photos));
    Path index = tmp.resolve("idx");
    Path query = all.get(0).file();
    try (Loupe writer = Loupe.openOrCreate(index, CONFIG)) {
      writer.index(all.subList(0, 10), IndexListener.NONE);
    }
    try (Loupe server = Loupe.open(index, CONFIG)) {
      assertEquals(10, server.search(query, SearchRequest.topK(100)).size());
      try (Loupe writer = Loupe.openOrCreate(index, CONFIG)) {
        IndexUnavailableException e = assertThrows(IndexUnavailableException.class, () -> Loupe.openOrCreate(index, CONFIG));
        assertEquals(IndexUnavailableException.Reason.LOCKED, e.reason());
        writer.index(all, IndexListener.NONE);
      }
      // Searches see another process's commits within the store's refresh interval (half a second).
      long deadline = System.nanoTime() + 5_000_000_000L;
      int seen = server.search(query, SearchRequest.topK(100)).size();
      while (seen != 20 && System.nanoTime() < deadline) {
        Thread.sleep(20);
        seen = server.search(query, SearchRequest.topK(100)).size();
      }
      assertEquals(20, seen, "the server sees the new commit");
    }
  }
}
