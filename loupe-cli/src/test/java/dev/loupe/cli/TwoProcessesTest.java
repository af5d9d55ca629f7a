package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real processes: while a child `loupe index` writes an index, a second `loupe index` on it fails at once
 * with one line (Lucene's native write lock), and `loupe search` on it works.
 */
class TwoProcessesTest {

  @Test
  void aSecondIndexRunFailsAtOnceWhileSearchesWork(@TempDir Path tmp) throws Exception {
    Path index = tmp.resolve("idx");
    String train = SharedData.caltechTrain().toString();
    String models = SharedData.models().toString();
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-Xss8m", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "index", train, "--index", index.toString(), "--models", models,
        "--commit-every", "20", "--threads", "1", "--batch-size", "4"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile());
    pb.environment().put("ORT_DISABLE_TELEMETRY", "1");
    Process child = pb.start();
    try {
      // The child holds the write lock from its start; wait for its first commit with items (generation >= 2).
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (commitGeneration(index) < 2) {
        assertTrue(child.isAlive(), "child ended early: " + Files.readString(tmp.resolve("child.log")));
        assertTrue(System.nanoTime() < deadline, "no commit seen within 120 s");
        Thread.sleep(20);
      }
      CliTest.Run second = CliTest.loupe("index", train, "--index", index.toString(), "--models", models);
      CliTest.Run search = CliTest.loupe("search", "--index", index.toString(), "--models", models, "-k", "3",
          SharedData.caltechTest().resolve("lotus/image_0003.jpg").toString());
      assertTrue(child.isAlive(), "the child was still writing during both runs");
      assertEquals(1, second.code(), second.err());
      List<String> lines = second.err().lines().toList();
      assertEquals(List.of("loupe: error: index " + index + " is being written by another process (its write lock"
          + " is held); wait for it to finish"), lines);
      assertEquals(0, search.code(), search.err());
      assertTrue(search.out().contains(train), search.out());
    } finally {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static long commitGeneration(Path index) throws Exception {
    if (!Files.isDirectory(index)) return 0;
    try (Stream<Path> files = Files.list(index)) {
      return files.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("segments_"))
          .mapToLong(n -> Long.parseLong(n.substring("segments_".length()), Character.MAX_RADIX))
          .max().orElse(0);
    }
  }
}
