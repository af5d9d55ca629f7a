package dev.loupe.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code loupe} command in a child JVM, run from this JVM's class path (so from the modules' build folders,
 * never from jars another checkout may be rewriting), with the JVM options the {@code loupe} launcher passes.
 * Its stdout and stderr go to two files. {@link #close} always kills it: a benchmark never leaves one behind.
 */
final class LoupeProcess implements AutoCloseable {
  /** The CLI's entry point, by name: this module only runs the CLI, it does not compile against it. */
  static final String MAIN = "dev.loupe.cli.Main";

  private final Process process;
  private final Path out;
  private final Path err;
  private final String command;

  private LoupeProcess(Process process, Path out, Path err, String command) {
    this.process = process;
    this.out = out;
    this.err = err;
    this.command = command;
  }

  /** Starts {@code loupe ARGS}; {@code logs/NAME.out} and {@code logs/NAME.err} receive its output. */
  static LoupeProcess start(Path logs, String name, List<String> args) throws IOException {
    Files.createDirectories(logs);
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        // scripts/jdk.sh's LOUPE_JVM_OPTS, plus the SIMD vector search this JVM (the in-process side) runs with.
        "-Xss8m", "-Xms32m", "--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector",
        "-cp", System.getProperty("java.class.path"), MAIN));
    cmd.addAll(args);
    Path out = logs.resolve(name + ".out");
    Path err = logs.resolve(name + ".err");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("ORT_DISABLE_TELEMETRY", "1");
    return new LoupeProcess(pb.start(), out, err, "loupe " + String.join(" ", args));
  }

  /** Runs {@code loupe ARGS} to its end, within {@code limit}; fails with its stderr unless it exits 0. */
  static void run(Path logs, String name, List<String> args, Duration limit) throws Exception {
    try (LoupeProcess p = start(logs, name, args)) {
      p.awaitSuccess(limit);
    }
  }

  /** Waits for the exit, at most {@code limit} (then kills it and fails); fails unless the exit code is 0. */
  void awaitSuccess(Duration limit) throws Exception {
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      close();
      throw new IllegalStateException(command + " did not finish within " + limit.toSeconds() + " s; stderr:\n" + stderr());
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(command + " exited " + process.exitValue() + "; stderr:\n" + stderr());
    }
  }

  /**
   * Like {@link #awaitSuccess}, watching the child's peak RSS meanwhile (VmHWM, polled every 20 ms: the peak of
   * the last 20 ms before the exit can be missed, which for a command that ends by closing its index is not
   * where memory peaks). Returns the peak in bytes, or -1 where /proc is missing.
   */
  long awaitSuccessWatchingPeakRss(Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    long peak = -1;
    while (process.isAlive() && System.nanoTime() < deadline) {
      peak = Math.max(peak, PeakRss.bytes(process.toHandle()).orElse(-1));
      process.waitFor(20, TimeUnit.MILLISECONDS);
    }
    awaitSuccess(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    return peak;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String stdout() throws IOException {
    return Files.exists(out) ? Files.readString(out) : "";
  }

  String stderr() throws IOException {
    return Files.exists(err) ? Files.readString(err) : "";
  }

  String command() {
    return command;
  }

  /** SIGTERM (a server stops gracefully and closes its indexes), then {@link #close} after {@code grace}. */
  void stop(Duration grace) throws InterruptedException {
    process.destroy();
    process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
    close();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
