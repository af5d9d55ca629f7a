package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.index.ItemStoreProvider;
import dev.loupe.testing.SharedData;
import dev.loupe.testing.SolrTestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loupe index --from-parquet} into a SolrCloud collection ({@code --store solr://...}): the rows of a real
 * spark-embed output (loupe-parquet's test resource spark-output: lotus and watch photos, one broken file) are
 * loaded, and a search of the lotus photo finds it first.
 */
class ParquetSolrImportTest {
  @TempDir static Path tmp;
  static final String MODELS = SharedData.models().toString();
  static String store;

  /** loupe-parquet's test resource; tests run in the module folder. */
  static Path sparkOutput() {
    Path out = Path.of("..", "loupe-parquet", "src", "test", "resources", "dev", "loupe", "parquet", "spark-output");
    assertTrue(Files.isDirectory(out), out.toAbsolutePath().toString());
    return out;
  }

  @AfterAll
  static void deleteTheCollection() throws Exception {
    if (store != null) ItemStoreProvider.forStore(store).delete(tmp.resolve("side-files"));
  }

  @Test
  void rowsLoadIntoASolrCollection() {
    store = SolrTestCluster.shared().address("parquet_" + ProcessHandle.current().pid()).toString();
    Path index = tmp.resolve("side-files");
    CliTest.Run load = CliTest.loupe("index", "--from-parquet", sparkOutput().toString(), "--store", store, "-i",
        index.toString(), "--models", MODELS);
    assertEquals(0, load.code(), load.err());
    assertTrue(load.out().startsWith("indexed 2, unchanged 0, skipped 1"), load.out());
    CliTest.Run hits = CliTest.loupe("search", "-i", index.toString(), "--store", store, "--models", MODELS, "-k",
        "1", "-f", "jsonl", SharedData.caltechTest().resolve("lotus/image_0003.jpg").toString());
    assertEquals(0, hits.code(), hits.err());
    assertTrue(hits.out().contains("/photos/lotus.jpg\""), "the row of the lotus photo: " + hits.out());
  }
}
