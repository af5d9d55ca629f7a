package dev.loupe.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.io.Checksums;
import dev.loupe.testing.SharedData;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader on a real output of `loupe spark-embed` (test resource spark-output/, see its README), on a
 * classpath without Spark and with only Hadoop's API jar, as the CLI's.
 */
class EmbeddingReaderTest {
  @TempDir Path tmp;

  static Path sparkOutput() throws URISyntaxException {
    return Path.of(EmbeddingReaderTest.class.getResource("spark-output").toURI());
  }

  @Test
  void neitherSparkNorHadoopsRuntimeIsOnThisClasspath() {
    assertThrows(ClassNotFoundException.class, () -> Class.forName("org.apache.spark.sql.SparkSession"));
    // Hadoop's shaded third-party libraries (Guava, Jackson, ...) live in hadoop-client-runtime.
    assertThrows(ClassNotFoundException.class,
        () -> Class.forName("org.apache.hadoop.shaded.com.google.common.base.Preconditions"));
  }

  @Test
  void readsTheRowsSparkWrote() throws Exception {
    List<EmbeddingRow> rows = new ArrayList<>();
    assertEquals(2, EmbeddingReader.readRows(sparkOutput(), rows::add));
    rows.sort((a, b) -> a.item().id().compareTo(b.item().id()));
    EmbeddingRow lotus = rows.get(0);
    Path lotusFile = SharedData.caltechTest().resolve("lotus/image_0003.jpg");
    // Ids are the absolute paths the job saw (the resource was made in a scratch folder; its README says how).
    assertFile("lotus.jpg", lotus.item().id());
    assertEquals(lotus.item().id(), lotus.item().path());
    assertEquals(Checksums.sha256(lotusFile), lotus.item().contentHash());
    assertEquals(Files.size(lotusFile), lotus.item().size());
    assertEquals(Map.of(), lotus.item().metadata());
    assertTrue(lotus.item().width() > 0 && lotus.item().height() > 0, lotus.item().toString());
    assertEquals("mobilenetv2-tf2-ptq", lotus.model());
    // The model's file checksum, as ../shared/models/MODELS.md lists it.
    assertEquals("4f17f8fa663dea18b12a173ebfe08bda8e26a5302034282d35f54f0fecc2fa10", lotus.modelSha256());
    assertEquals(1280, lotus.vector().length);
    double norm = 0;
    for (float f : lotus.vector()) norm += f * f;
    assertEquals(1.0, norm, 1e-4, "the model's vectors are L2-normalised");
    assertFile("watch.jpg", rows.get(1).item().id());
    assertTrue(EmbeddingReader.firstRow(sparkOutput()).isPresent());
  }

  @Test
  void readsTheSkippedReport() throws Exception {
    List<EmbeddingReader.Skip> skipped = EmbeddingReader.readSkipped(sparkOutput());
    assertEquals(1, skipped.size());
    assertFile("broken.jpg", skipped.get(0).path());
    assertEquals("truncated or corrupt JPEG (no frame header)", skipped.get(0).reason());
  }

  /** An absolute path whose file name is {@code name}. */
  private static void assertFile(String name, String path) {
    assertTrue(Path.of(path).isAbsolute(), path);
    assertEquals(name, Path.of(path).getFileName().toString(), path);
  }

  @Test
  void aFolderThatIsNotAnOutputIsRefusedInOneLine() throws IOException {
    Path plain = Files.createDirectories(tmp.resolve("plain"));
    IOException e = assertThrows(IOException.class, () -> EmbeddingReader.readRows(plain, row -> {}));
    assertEquals(plain + ": not an output of loupe spark-embed (no 'items' folder)", e.getMessage());
  }

  @Test
  void aPartFileWithoutALoupeColumnIsRefusedNamingIt() throws Exception {
    // The skipped report's file has path and reason only.
    Path items = Files.createDirectories(tmp.resolve("out/items"));
    Path file = Files.copy(sparkOutput().resolve("skipped/part-00000.parquet"), items.resolve("part-00000.parquet"));
    Files.createFile(items.resolve("_SUCCESS"));
    IOException e = assertThrows(IOException.class, () -> EmbeddingReader.readRows(tmp.resolve("out"), row -> {}));
    assertEquals(file + ": no column 'id'", e.getMessage());
  }

  @Test
  void aRowTheSinkRefusesIsTheSinksErrorNotAnUnreadableFile() throws Exception {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EmbeddingReader.readRows(sparkOutput(), row -> {
          throw new IllegalArgumentException("rows were embedded with another model");
        }));
    assertEquals("rows were embedded with another model", e.getMessage());
  }

  @Test
  void anOutputSparkDidNotFinishIsRefusedNamingTheFolder() throws Exception {
    for (String sub : List.of("items", "skipped")) {
      Path out = tmp.resolve("unfinished-" + sub);
      for (String s : List.of("items", "skipped")) {
        Path folder = Files.createDirectories(out.resolve(s));
        Files.copy(sparkOutput().resolve(s + "/part-00000.parquet"), folder.resolve("part-00000.parquet"));
        if (!s.equals(sub)) Files.createFile(folder.resolve("_SUCCESS"));
      }
      IOException e = assertThrows(IOException.class, () -> {
        EmbeddingReader.readRows(out, row -> {});
        EmbeddingReader.readSkipped(out);
      });
      assertEquals(out.resolve(sub) + ": no _SUCCESS file: the Spark job did not finish writing it; run loupe "
          + "spark-embed again into a new folder", e.getMessage());
    }
  }

  @Test
  void anOutputWithoutASkippedFolderIsRefused() throws Exception {
    Path items = Files.createDirectories(tmp.resolve("noskipped/items"));
    Files.copy(sparkOutput().resolve("items/part-00000.parquet"), items.resolve("part-00000.parquet"));
    Files.createFile(items.resolve("_SUCCESS"));
    IOException e = assertThrows(IOException.class, () -> EmbeddingReader.readSkipped(tmp.resolve("noskipped")));
    assertEquals(tmp.resolve("noskipped") + ": not an output of loupe spark-embed (no 'skipped' folder)",
        e.getMessage());
  }
}
