package dev.loupe.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.index.Item;
import dev.loupe.core.index.ItemStore;
import dev.loupe.engine.Loupe;
import dev.loupe.engine.LoupeConfig;
import dev.loupe.engine.index.ImportedVector;
import dev.loupe.engine.index.VectorImporter;
import dev.loupe.parquet.EmbeddingReader;
import dev.loupe.parquet.EmbeddingRow;
import dev.loupe.testing.SharedData;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark job in local[2] against `loupe index` of the same folder: caltech20/train (400 photos) embedded by
 * Spark and loaded with `loupe index --from-parquet` gives the same items, the same vectors bit for bit and the
 * same hits as indexing the folder directly; a second run with --previous embeds only the new content.
 */
class SparkEmbedTest {
  static final String MODEL = "mobilenetv2-tf2-ptq";
  static final String MODELS = SharedData.models().toString();

  @TempDir static Path tmp;
  static Path direct;
  static Path rows;
  static Path loaded;
  static Run embedRun;

  record Run(int code, String out, String err) {}

  static Run loupe(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = dev.loupe.cli.Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  static Run sparkEmbed(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = SparkEmbedMain.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  @BeforeAll
  static void embedTrainBothWays() {
    Path train = SharedData.caltechTrain();
    direct = tmp.resolve("direct");
    Run indexed = loupe("index", "--model", MODEL, train.toString(), "--index", direct.toString(), "--models", MODELS);
    assertEquals(0, indexed.code(), indexed.err());
    assertTrue(indexed.out().startsWith("indexed 400, unchanged 0, skipped 0"), indexed.out());

    rows = tmp.resolve("rows");
    embedRun = sparkEmbed(train.toString(), "--out", rows.toString(), "--model", MODEL, "--models", MODELS,
        "--master", "local[2]");
    assertEquals(0, embedRun.code(), embedRun.err());

    loaded = tmp.resolve("loaded");
    Run load = loupe("index", "--from-parquet", rows.toString(), "--index", loaded.toString(), "--models", MODELS);
    assertEquals(0, load.code(), load.err());
    assertTrue(load.out().startsWith("indexed 400, unchanged 0, skipped 0"), load.out());
  }

  @Test
  void everyPhotoIsEmbeddedOnceAndNothingIsSkipped() throws IOException {
    assertTrue(embedRun.out().startsWith("embedded 400, reused 0, skipped 0 -> "), embedRun.out());
    assertEquals(List.of(), EmbeddingReader.readSkipped(rows));
  }

  @Test
  void loadedIndexHasTheSameItemsAndVectorsBitForBit() throws IOException {
    assertSameItemsAndVectors(direct, loaded, 400);
  }

  @Test
  void loadedIndexGivesTheSameHits() {
    for (String query : List.of("airplanes/image_0003.jpg", "lotus/image_0003.jpg", "watch/image_0002.jpg")) {
      Path q = SharedData.caltechTest().resolve(query);
      Run a = loupe("search", "--index", direct.toString(), "-k", "10", "--format", "jsonl", q.toString(),
          "--models", MODELS);
      Run b = loupe("search", "--index", loaded.toString(), "-k", "10", "--format", "jsonl", q.toString(),
          "--models", MODELS);
      assertEquals(0, a.code(), a.err());
      assertEquals(a.out(), b.out(), query);
    }
  }

  @Test
  void loadingIsRefusedIntoAnIndexOfAnotherModel() throws IOException {
    Path other = tmp.resolve("other");
    Path photos = Files.createDirectories(tmp.resolve("two"));
    for (Path f : SharedData.filesUnder(SharedData.caltechTest().resolve("lotus")).subList(0, 2)) {
      Files.copy(f, photos.resolve(f.getFileName()));
    }
    Run made = loupe("index", "--model", "squeezenet1.1", photos.toString(), "--index", other.toString(), "--models",
        MODELS);
    assertEquals(0, made.code(), made.err());
    Run load = loupe("index", "--from-parquet", rows.toString(), "--index", other.toString(), "--models", MODELS);
    assertEquals(1, load.code(), load.err());
    assertEquals(1, load.err().lines().count(), load.err());
    String sha = EmbeddingReader.firstRow(rows).orElseThrow().modelSha256();
    String squeezeSha;
    try (ItemStore store = Loupe.openStore(other, LoupeConfig.defaults())) {
      squeezeSha = store.spec().embedder().fingerprint().get(dev.loupe.core.embed.EmbedderDescriptor.MODEL_SHA256);
    }
    assertEquals("loupe: error: --from-parquet " + rows + ": rows were embedded with model " + MODEL + " (sha256 "
        + sha + "), the index uses squeezenet1.1 (sha256 " + squeezeSha + "): embed again with --model "
        + "squeezenet1.1 and that model file, or load them into an index of model " + MODEL, load.err().strip());
  }

  @Test
  void aRowOfTheSameModelNameButAnotherModelFileIsRefused() throws IOException {
    EmbeddingRow real = EmbeddingReader.firstRow(rows).orElseThrow();
    String otherSha = "0".repeat(64);
    try (Loupe loupe = Loupe.openOrCreate(tmp.resolve("fresh"),
        LoupeConfig.defaults().withModel(MODEL).withModelDirs(List.of(SharedData.models())))) {
      VectorImporter importer = new VectorImporter("--from-parquet rows", loupe.store(), 256);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> importer.add(new ImportedVector(real.item(), real.model(), otherSha, real.vector())));
      assertTrue(e.getMessage().startsWith("--from-parquet rows: rows were embedded with model " + MODEL
          + " (sha256 " + otherSha
          + "), the index uses " + MODEL + " (sha256 " + real.modelSha256() + ")"), e.getMessage());
      importer.add(new ImportedVector(real.item(), real.model(), real.modelSha256(), real.vector()));
      assertEquals(1, importer.finish(0).indexed(), "the row with the right checksum is taken");
    }
  }

  @Test
  void aSecondRunEmbedsOnlyNewContentAndNamesSkippedFiles() throws IOException {
    // Five photos of the first run copied under new names (a space and a literal %20 in them: Spark's paths are
    // URIs, Loupe's ids are not), one photo it never saw, one broken file.
    Path photos = Files.createDirectories(tmp.resolve("more photos/sub dir"));
    List<Path> seen = SharedData.filesUnder(SharedData.caltechTrain().resolve("airplanes")).subList(0, 5);
    for (int i = 0; i < seen.size(); i++) Files.copy(seen.get(i), photos.resolve("copy %20" + i + ".jpg"));
    Files.copy(SharedData.caltechTest().resolve("lotus/image_0003.jpg"), photos.resolve("new.jpg"));
    Path broken = photos.resolve("broken.jpg");
    Files.write(broken, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0x00});
    Files.writeString(photos.resolve("notes.txt"), "not an image: left out, as by loupe index");
    // Over --max-file-bytes (every photo here is under 32 KB): skipped unread, from the length Spark lists.
    Path huge = photos.resolve("huge.jpg");
    Files.write(huge, new byte[100_000]);

    Path rows2 = tmp.resolve("rows2");
    Run second = sparkEmbed(tmp.resolve("more photos").toString(), "--out", rows2.toString(), "--model", MODEL,
        "--models", MODELS, "--master", "local[2]", "--previous", rows.toString(), "--max-file-bytes", "65536");
    assertEquals(0, second.code(), second.err());
    assertTrue(second.out().startsWith("embedded 1, reused 5, skipped 2 -> "), second.out());
    assertTrue(second.err().contains("skipped " + broken + ": "), second.err());
    // The reason `loupe index --max-file-bytes 65536` gives for that file.
    assertTrue(second.err().contains("skipped " + huge + ": file too large (100000 bytes; the limit is 65536)"),
        second.err());
    List<EmbeddingReader.Skip> skips = new ArrayList<>(EmbeddingReader.readSkipped(rows2));
    skips.sort((a, b) -> a.path().compareTo(b.path()));
    assertEquals(List.of(broken.toString(), huge.toString()), skips.stream().map(EmbeddingReader.Skip::path).toList());

    // Loaded, the rows are what `loupe index` makes of that folder: reused vectors included.
    Path loaded2 = tmp.resolve("loaded2");
    Run load = loupe("index", "--from-parquet", rows2.toString(), "--index", loaded2.toString(), "--models", MODELS);
    assertEquals(0, load.code(), load.err());
    assertTrue(load.out().startsWith("indexed 6, unchanged 0, skipped 2"), load.out());
    assertTrue(load.err().contains("skipped " + broken + ": "), load.err());
    Path direct2 = tmp.resolve("direct2");
    Run index = loupe("index", "--model", MODEL, tmp.resolve("more photos").toString(), "--index",
        direct2.toString(), "--models", MODELS, "--max-file-bytes", "65536");
    assertEquals(0, index.code(), index.err());
    assertSameItemsAndVectors(direct2, loaded2, 6);

    // Loading the same rows again changes nothing.
    Run again = loupe("index", "--from-parquet", rows2.toString(), "--index", loaded2.toString(), "--models", MODELS);
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().startsWith("indexed 0, unchanged 6, skipped 2"), again.out());
  }

  @Test
  void filesSparkDoesNotListAreCountedOnStderr() throws IOException {
    // loupe index indexes all four but .hidden.jpg; Spark lists only a.jpg.
    Path photos = Files.createDirectories(tmp.resolve("unlisted"));
    Path lotus = SharedData.caltechTest().resolve("lotus/image_0003.jpg");
    Files.copy(lotus, photos.resolve("a.jpg"));
    Files.copy(lotus, photos.resolve("_b.jpg"));
    Files.copy(lotus, photos.resolve(".hidden.jpg"));
    Files.copy(lotus, Files.createDirectories(photos.resolve(".cache")).resolve("c.jpg"));
    Files.copy(lotus, Files.createDirectories(photos.resolve("_drafts")).resolve("d.jpg"));
    Run r = sparkEmbed(photos.toString(), "--out", tmp.resolve("unlisted-rows").toString(), "--model", MODEL,
        "--models", MODELS, "--master", "local[1]");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("embedded 1, reused 0, skipped 0 -> "), r.out());
    assertEquals("left out 3 image files Spark does not list (a name, or a folder's, starting with '_' or '.'); "
        + "loupe index of the folder would index them", r.err().strip());
  }

  @Test
  void aPreviousOutputWithMoreHashesThanTheCapIsRefused() throws IOException {
    String sha = EmbeddingReader.firstRow(rows).orElseThrow().modelSha256();
    EmbedSettings settings = new EmbedSettings(MODEL, sha, List.of(MODELS), tmp.resolve("cache").toString(), 1, 8,
        1000);
    String previous = "file:" + rows;
    org.apache.spark.sql.SparkSession spark = SparkSessions.start("local[1]");
    try {
      EmbedJob job = new EmbedJob(spark, new EmbedJobOptions("file:" + SharedData.caltechTest(),
          "file:" + tmp.resolve("capped"), previous, null, 1, 1 << 20, 10), settings);
      UsageException e = assertThrows(UsageException.class, job::run);
      assertEquals("--previous " + previous + ": 400 distinct content hashes, more than the 10 the driver holds; "
          + "embed the archive in folders of at most that many images", e.getMessage());
    } finally {
      spark.stop();
    }
    assertFalse(Files.exists(tmp.resolve("capped")), "nothing written");
  }

  @Test
  void rowsCompressedByAnotherWriterAreRefusedInOneLine() {
    Path snappy = tmp.resolve("snappy");
    org.apache.spark.sql.SparkSession spark = SparkSessions.start("local[1]");
    try {
      spark.read().parquet(rows.resolve("items").toString()).coalesce(1).write().option("compression", "snappy")
          .parquet(snappy.resolve("items").toString());
    } finally {
      spark.stop();
    }
    Run load = loupe("index", "--from-parquet", snappy.toString(), "--index", tmp.resolve("never").toString(),
        "--models", MODELS);
    assertEquals(1, load.code(), load.err());
    assertEquals(1, load.err().lines().count(), load.err());
    assertTrue(load.err().contains("is compressed with SNAPPY; Loupe reads the uncompressed rows"), load.err());
    assertFalse(Files.exists(tmp.resolve("never")), "no index is made from rows that cannot be read");
  }

  @Test
  void anOutputFolderHoldingFilesIsRefusedBeforeSparkStarts() throws IOException {
    Path full = Files.createDirectories(tmp.resolve("full"));
    Files.writeString(full.resolve("mine.txt"), "a user's file");
    Run r = sparkEmbed(SharedData.caltechTest().toString(), "--out", full.toString(), "--model", MODEL);
    assertEquals(2, r.code(), r.err());
    assertEquals("loupe spark-embed: --out " + full + ": already holds files; give a new folder", r.err().strip());
    assertTrue(Files.exists(full.resolve("mine.txt")));
  }

  @Test
  void fromParquetTakesNoSourcesAndIndexNeedsOneOrTheOther() {
    Run both = loupe("index", "--from-parquet", rows.toString(), SharedData.caltechTest().toString(), "--index",
        tmp.resolve("both").toString(), "--models", MODELS);
    assertEquals(2, both.code(), both.err());
    assertEquals("loupe: error: --from-parquet loads finished rows: it takes no DIR|FILE, --metadata, --prune, "
        + "--rebuild nor --augment", both.err().strip());
    Run neither = loupe("index", "--index", tmp.resolve("neither").toString());
    assertEquals(2, neither.code(), neither.err());
    assertEquals("loupe: error: give the folders, image files or catalogues to index, or --from-parquet DIR",
        neither.err().strip());
  }

  @Test
  void theCliJarPointsToTheLauncherForSparkEmbed() {
    Run r = loupe("spark-embed", SharedData.caltechTest().toString(), "--out", tmp.resolve("x").toString());
    assertEquals(2, r.code(), r.err());
    assertEquals("loupe: error: spark-embed runs from loupe-spark's own classpath: start it with the ./loupe launcher "
        + "('./loupe spark-embed ...') or with spark-submit (docs/scale.md)", r.err().strip());
  }

  private static void assertSameItemsAndVectors(Path expectedIndex, Path actualIndex, int count) throws IOException {
    Map<String, Item> expected = new HashMap<>();
    Map<String, float[]> expectedVectors = new HashMap<>();
    try (ItemStore a = Loupe.openStore(expectedIndex, LoupeConfig.defaults());
        ItemStore b = Loupe.openStore(actualIndex, LoupeConfig.defaults())) {
      assertEquals(a.spec(), b.spec());
      a.forEach(item -> expected.put(item.id(), item));
      for (String id : expected.keySet()) expectedVectors.put(id, a.vector(id).orElseThrow());
      List<Item> actual = new ArrayList<>();
      b.forEach(actual::add);
      assertEquals(count, expected.size());
      assertEquals(count, actual.size());
      for (Item item : actual) {
        assertEquals(expected.get(item.id()), item);
        float[] v = b.vector(item.id()).orElseThrow();
        float[] w = expectedVectors.get(item.id());
        assertEquals(w.length, v.length);
        for (int i = 0; i < v.length; i++) {
          if (Float.floatToRawIntBits(v[i]) != Float.floatToRawIntBits(w[i])) {
            throw new AssertionError(item.id() + ": component " + i + " is " + v[i] + ", indexed directly " + w[i]);
          }
        }
      }
      assertFalse(expected.isEmpty());
    }
  }
}
