package dev.loupe.cli;

import picocli.CommandLine;

/** Entry point of the {@code loupe} command. */
public final class Main {
  // Held strongly: JUL keeps loggers weakly, and a collected logger forgets its level.
  private static final java.util.logging.Logger LUCENE_LOG = java.util.logging.Logger.getLogger("org.apache.lucene");
  private static final java.util.logging.Logger LUCENE_SIMD_LOG =
      java.util.logging.Logger.getLogger("org.apache.lucene.internal.vectorization");

  private Main() {}

  public static void main(String[] args) {
    quietLibraryLogging();
    System.exit(run(args));
  }

  /** Library INFO logs (e.g. Lucene announcing its SIMD setup) would mix with the CLI's stderr contract. */
  private static void quietLibraryLogging() {
    LUCENE_LOG.setLevel(java.util.logging.Level.WARNING);
    // Without --add-modules jdk.incubator.vector (left out so the JVM does not warn on every run) Lucene warns
    // that it falls back to scalar code; that is a choice, not a problem (LOUPE_JAVA_OPTS can opt in).
    LUCENE_SIMD_LOG.setLevel(java.util.logging.Level.SEVERE);
  }

  /** Runs the command line and returns its exit code: 0 success, 1 failure, 2 usage error. */
  public static int run(String... args) {
    return LoupeCommand.commandLine().execute(args);
  }

  /** Runs the command line with the given output streams (for embedding and tests). */
  public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
    CommandLine cli = LoupeCommand.commandLine();
    cli.setOut(out);
    cli.setErr(err);
    return cli.execute(args);
  }
}
