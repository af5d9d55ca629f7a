package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.lucene.LuceneItemStore;
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
 * A real SIGKILL of a child `loupe index` mid-run: the index still opens with what was committed, and the next
 * run embeds only the rest.
 */
class KillAndResumeTest {

  @Test
  void killedRunLosesAtMostItsUncommittedBatchAndResumes(@TempDir Path tmp) throws Exception {
    Path index = tmp.resolve("idx");
    String train = SharedData.caltechTrain().toString();
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-Xss8m", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "index", train, "--index", index.toString(), "--models", SharedData.models().toString(),
        "--commit-every", "20", "--threads", "1", "--batch-size", "4"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile());
    pb.environment().put("ORT_DISABLE_TELEMETRY", "1");
    Process child = pb.start();
    try {
      // Wait until at least three batches of 20 are committed (Lucene generation >= 4: the spec's commit first).
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (commitGeneration(index) < 4) {
        assertTrue(child.isAlive(), "child ended before it could be killed: " + Files.readString(tmp.resolve("child.log")));
        assertTrue(System.nanoTime() < deadline, "no commits seen within 120 s");
        Thread.sleep(20);
      }
    } finally {
      child.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no IndexWriter.close()
      child.waitFor(30, TimeUnit.SECONDS);
    }
    assertEquals(137, child.exitValue(), "killed by SIGKILL (128 + 9)");

    int committed;
    try (LuceneItemStore store = LuceneItemStore.open(index)) {
      committed = store.size();
    }
    assertTrue(committed >= 60 && committed < 400, "committed before the kill: " + committed);

    CliTest.Run resumed = CliTest.loupe("index", train, "--index", index.toString(), "--models", SharedData.models().toString());
    assertEquals(0, resumed.code(), resumed.err());
    assertTrue(resumed.out().startsWith("indexed " + (400 - committed) + ", unchanged " + committed + ", skipped 0"),
        "resumed run: " + resumed.out() + " (committed before kill: " + committed + ")");
    try (LuceneItemStore store = LuceneItemStore.open(index)) {
      assertEquals(400, store.size());
    }
  }

  /** The highest segments_N generation in the index folder (0 when none). */
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
