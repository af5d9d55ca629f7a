package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.loupe.core.embed.EmbedderDescriptor;
import dev.loupe.core.index.ItemStore;
import dev.loupe.engine.Loupe;
import dev.loupe.engine.LoupeConfig;
import dev.loupe.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loupe index --from-parquet} refusals, on a real spark-embed output (loupe-parquet's test resource, rows of
 * mobilenetv2-tf2-ptq): each is one line naming the rows folder, and a refused load leaves no index behind.
 */
class ParquetImportCliTest {
  static final String ROWS_MODEL = "mobilenetv2-tf2-ptq";
  static final String ROWS_SHA = "4f17f8fa663dea18b12a173ebfe08bda8e26a5302034282d35f54f0fecc2fa10";
  static final String MODELS = SharedData.models().toString();
  @TempDir Path tmp;

  private Path indexOf(String model) throws IOException {
    Path photos = Files.createDirectories(tmp.resolve("photos"));
    Files.copy(SharedData.caltechTest().resolve("lotus/image_0003.jpg"), photos.resolve("lotus.jpg"));
    Path index = tmp.resolve(model);
    CliTest.Run made = CliTest.loupe("index", "--model", model, photos.toString(), "--index", index.toString(),
        "--models", MODELS);
    assertEquals(0, made.code(), made.err());
    return index;
  }

  private static String sha256Of(Path index) throws IOException {
    try (ItemStore store = Loupe.openStore(index, LoupeConfig.defaults())) {
      return store.spec().embedder().fingerprint().get(EmbedderDescriptor.MODEL_SHA256);
    }
  }

  @Test
  void rowsOfAnotherModelAreRefusedInOneLineNamingTheRowsFolder() throws IOException {
    Path index = indexOf("squeezenet1.1");
    Path rows = ParquetSolrImportTest.sparkOutput();
    CliTest.Run load = CliTest.loupe("index", "--from-parquet", rows.toString(), "--index", index.toString(),
        "--models", MODELS);
    assertEquals(1, load.code(), load.err());
    assertEquals("loupe: error: --from-parquet " + rows + ": rows were embedded with model " + ROWS_MODEL
        + " (sha256 " + ROWS_SHA + "), the index uses squeezenet1.1 (sha256 " + sha256Of(index) + "): embed again "
        + "with --model squeezenet1.1 and that model file, or load them into an index of model " + ROWS_MODEL,
        load.err().strip());
  }

  @Test
  void anIndexWithoutAModelFileChecksumIsNamedSo() throws IOException {
    Path index = indexOf("pixels-8");
    Path rows = ParquetSolrImportTest.sparkOutput();
    CliTest.Run load = CliTest.loupe("index", "--from-parquet", rows.toString(), "--index", index.toString(),
        "--models", MODELS);
    assertEquals(1, load.code(), load.err());
    assertEquals("loupe: error: --from-parquet " + rows + ": rows were embedded with model " + ROWS_MODEL
        + " (sha256 " + ROWS_SHA + "), the index uses pixels-8 (no model file checksum): embed again with --model "
        + "pixels-8 and that model file, or load them into an index of model " + ROWS_MODEL, load.err().strip());
  }

  @Test
  void aNewIndexForAnotherModelIsNotLeftBehind() throws IOException {
    Path index = tmp.resolve("new");
    Path rows = ParquetSolrImportTest.sparkOutput();
    CliTest.Run load = CliTest.loupe("index", "--from-parquet", rows.toString(), "--model", "squeezenet1.1",
        "--index", index.toString(), "--models", MODELS);
    assertEquals(1, load.code(), load.err());
    assertEquals(1, load.err().lines().count(), load.err());
    assertFalse(Loupe.exists(index, LoupeConfig.defaults()), "no index is left for refused rows");
  }

  @Test
  void optionsThatReadImagesAreRefused() {
    for (String[] option : new String[][] {{"--threads", "2"}, {"--batch-size", "4"}, {"--max-pixels", "10"},
        {"--max-file-bytes", "10"}, {"--image-column", "file"}}) {
      CliTest.Run load = CliTest.loupe("index", "--from-parquet", ParquetSolrImportTest.sparkOutput().toString(),
          option[0], option[1], "--index", tmp.resolve("x").toString(), "--models", MODELS);
      assertEquals(2, load.code(), load.err());
      assertEquals("loupe: error: --from-parquet loads finished rows: " + option[0] + " applies only to reading "
          + "images", load.err().strip());
    }
  }
}
