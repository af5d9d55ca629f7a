package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code loupe index} of the Caltech-20 training photos in a child JVM (this test class path), slowed to
 * small batches and frequent commits so that tests can act while it writes: kill it, or run a second writer.
 */
final class ChildIndexer implements AutoCloseable {
  private final Process process;
  private final Path index;
  private final Path log;

  private ChildIndexer(Process process, Path index, Path log) {
    this.process = process;
    this.index = index;
    this.log = log;
  }

  /** Starts indexing into {@code index}, committing every 20 photos; output goes to {@code log}. */
  static ChildIndexer start(Path index, Path log) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-Xss8m", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "index", "--model", "mobilenetv2-tf2-ptq", SharedData.caltechTrain().toString(),
        "--index", index.toString(),
        "--models", SharedData.models().toString(), "--commit-every", "20", "--threads", "1", "--batch-size", "4"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("ORT_DISABLE_TELEMETRY", "1");
    return new ChildIndexer(pb.start(), index, log);
  }

  Process process() {
    return process;
  }

  /** Waits (at most 120 s) until the index's commit generation reaches {@code generation}; the child must live. */
  void awaitCommitGeneration(long generation) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (commitGeneration(index) < generation) {
      assertTrue(process.isAlive(), "child ended early: " + Files.readString(log));
      assertTrue(System.nanoTime() < deadline, "commit generation " + generation + " not reached within 120 s");
      Thread.sleep(20);
    }
  }

  /** The generation of the newest {@code segments_N} in the index (0 when there is none). */
  static long commitGeneration(Path index) throws IOException {
    if (!Files.isDirectory(index)) return 0;
    try (Stream<Path> files = Files.list(index)) {
      return files.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("segments_"))
          .mapToLong(n -> Long.parseLong(n.substring("segments_".length()), Character.MAX_RADIX))
          .max().orElse(0);
    }
  }

  /** SIGKILL on Unix: no shutdown hooks, no IndexWriter.close(). */
  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }
}
