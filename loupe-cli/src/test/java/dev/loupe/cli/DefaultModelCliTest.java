package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.onnx.ModelCatalog;
import dev.loupe.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loupe index} without {@code --model}: real child processes, each given its own model cache through the
 * environment's {@code XDG_CACHE_HOME} (which only a new process can be given), real caltech20 photos, one real
 * quantization.
 */
class DefaultModelCliTest {
  static final String INT8 = ModelCatalog.DEFAULT_INDEX_MODEL;
  static final String FLOAT = ModelCatalog.DEFAULT_MODEL;
  static final String MODELS = SharedData.models().toString();
  static final String MADE = "loupe: made the default model " + INT8 + " from " + FLOAT + ", calibrated on 32 of";

  @TempDir Path tmp;

  record Child(int code, String out, String err) {}

  /** A child JVM running {@code loupe ARGS}, its stdout and stderr going to files. */
  private record Started(Process process, Path out, Path err) {
    Child await() throws Exception {
      assertTrue(process.waitFor(300, TimeUnit.SECONDS), "child did not end within 300 s");
      return new Child(process.exitValue(), Files.readString(out), Files.readString(err));
    }
  }

  private Started start(Path xdgCacheHome, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().remove("LOUPE_MODELS");
    pb.environment().put("XDG_CACHE_HOME", xdgCacheHome.toString());
    pb.environment().put("ORT_DISABLE_TELEMETRY", "1");
    Path out = Files.createTempFile(tmp, "out", ".txt");
    Path err = Files.createTempFile(tmp, "err", ".txt");
    return new Started(pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start(), out, err);
  }

  private Child loupe(Path xdgCacheHome, String... args) throws Exception {
    return start(xdgCacheHome, args).await();
  }

  private static String embedderOf(Child info) {
    return info.out().lines().filter(l -> l.startsWith("embedder ")).findFirst().orElseThrow().substring(8).strip();
  }

  private static int count(String text, String part) {
    return (text.length() - text.replace(part, "").length()) / part.length();
  }

  private static String train(String cls) {
    return SharedData.caltechTrain().resolve(cls).toString();
  }

  @Test
  void aNewIndexGetsTheInt8DefaultMadeOnceThenReused() throws Exception {
    Path xdg = tmp.resolve("xdg");
    Path cache = xdg.resolve("loupe/models");

    // Fewer than 16 images: the float model, and why.
    Path few = Files.createDirectories(tmp.resolve("few"));
    for (Path f : SharedData.filesUnder(SharedData.caltechTrain().resolve("lotus")).subList(0, 10)) {
      Files.copy(f, few.resolve(f.getFileName()));
    }
    Child small = loupe(xdg, "index", few.toString(), "-i", tmp.resolve("few.idx").toString(), "--models", MODELS,
        "--threads", "1");
    assertEquals(0, small.code(), small.err());
    assertTrue(small.err().contains("loupe: using the float model " + FLOAT + " for this new index: this run has 10 "
        + "images; the int8 default is calibrated on at least 16 of an index's own images\n"), small.err());
    assertEquals(FLOAT, embedderOf(loupe(xdg, "info", "-i", tmp.resolve("few.idx").toString())));

    // Two default indexes created at once: one makes the model, the other waits and reuses it.
    Started lotus = start(xdg, "index", train("lotus"), train("watch"), "-i", tmp.resolve("lotus.idx").toString(), "--models", MODELS,
        "--threads", "1");
    Started planes = start(xdg, "index", train("airplanes"), train("bonsai"), "-i", tmp.resolve("planes.idx").toString(), "--models",
        MODELS, "--threads", "1");
    Child a = lotus.await();
    Child b = planes.await();
    assertEquals(0, a.code(), a.err());
    assertEquals(0, b.code(), b.err());
    assertEquals(1, count(a.err() + b.err(), MADE), "made once: " + a.err() + b.err());
    assertTrue((a.err() + b.err()).contains("later indexes reuse it; --model " + FLOAT + " for the float model\n"));
    assertEquals(INT8, embedderOf(loupe(xdg, "info", "-i", tmp.resolve("lotus.idx").toString())));
    assertEquals(INT8, embedderOf(loupe(xdg, "info", "-i", tmp.resolve("planes.idx").toString())));
    Path onnx = cache.resolve(INT8 + ".onnx");
    byte[] bytes = Files.readAllBytes(onnx);
    FileTime written = Files.getLastModifiedTime(onnx);
    FileTime specWritten = Files.getLastModifiedTime(cache.resolve(INT8 + ".loupe.json"));

    // A later default index of the same photos reuses the file: nothing rewritten, the same vectors.
    Child again = loupe(xdg, "index", train("lotus"), train("watch"), "-i", tmp.resolve("again.idx").toString(), "--models", MODELS,
        "--threads", "1");
    assertEquals(0, again.code(), again.err());
    assertFalse(again.err().contains("loupe: "), again.err());
    assertArrayEquals(bytes, Files.readAllBytes(onnx));
    assertEquals(written, Files.getLastModifiedTime(onnx));
    assertEquals(specWritten, Files.getLastModifiedTime(cache.resolve(INT8 + ".loupe.json")));
    String query = SharedData.caltechTest().resolve("lotus/image_0003.jpg").toString();
    // Scores to 4 decimals, all 40 hits: equal vectors give equal lists.
    CliTest.Run first = CliTest.loupe("search", "-i", tmp.resolve("lotus.idx").toString(), "-k", "40", "--models",
        cache.toString(), "--models", MODELS, query);
    CliTest.Run second = CliTest.loupe("search", "-i", tmp.resolve("again.idx").toString(), "-k", "40", "--models",
        cache.toString(), "--models", MODELS, query);
    assertEquals(0, first.code(), first.err());
    assertEquals(1 + 40, first.out().lines().count(), first.out());
    assertEquals(first.out(), second.out());

    // The cache deleted: the index says what to do rather than make another, different copy.
    Files.move(cache, tmp.resolve("cache-moved-away"));
    Child lost = loupe(xdg, "search", "-i", tmp.resolve("lotus.idx").toString(), "--models", MODELS, query);
    assertEquals(1, lost.code(), lost.err());
    assertTrue(lost.err().startsWith("loupe: error: index " + tmp.resolve("lotus.idx") + " was built with " + INT8
        + ", the int8 default made on this machine, and it is no longer in "), lost.err());
    assertTrue(lost.err().endsWith(": restore " + INT8 + ".onnx and " + INT8 + ".loupe.json into " + cache
        + ", or rebuild the index with 'loupe index --rebuild' (a new copy is calibrated again and gives other"
        + " vectors)\n"), lost.err());
    assertFalse(Files.exists(cache.resolve(INT8 + ".onnx")), "nothing was made again");
  }

  @Test
  void anUnwritableCacheGivesTheFloatModelWithTheReason() throws Exception {
    // Tests run as root here, where a read-only mode stops nothing: a file where the cache folder should be does.
    Path notAFolder = Files.writeString(tmp.resolve("not-a-folder"), "x");
    Child r = loupe(notAFolder, "index", train("lotus"), "-i", tmp.resolve("idx").toString(), "--models", MODELS,
        "--threads", "1");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("loupe: using the float model " + FLOAT + " for this new index: the int8 default "
        + INT8 + " could not be made: " + notAFolder), r.err());
    assertEquals(1, r.err().lines().filter(l -> l.startsWith("loupe: ")).count(), r.err());
    assertEquals(FLOAT, embedderOf(loupe(notAFolder, "info", "-i", tmp.resolve("idx").toString())));
  }

  @Test
  void anExplicitModelIsTakenAsNamed() {
    Path idx = tmp.resolve("float.idx");
    CliTest.Run r = CliTest.loupe("index", train("lotus"), "-i", idx.toString(), "--model", FLOAT, "--models", MODELS);
    assertEquals(0, r.code(), r.err());
    assertFalse(r.err().contains("loupe: "), r.err());
    CliTest.Run info = CliTest.loupe("info", "-i", idx.toString());
    assertTrue(info.out().contains("embedder         " + FLOAT + "\n"), info.out());
  }
}
