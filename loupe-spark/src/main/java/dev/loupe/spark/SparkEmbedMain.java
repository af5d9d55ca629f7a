package dev.loupe.spark;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The entry point of {@code spark-submit --class dev.loupe.spark.SparkEmbedMain} and of {@code loupe spark-embed}.
 * A refused option or a failed run is one line on stderr, {@code loupe spark-embed: ...}, and exit code 2 or 1.
 */
public final class SparkEmbedMain {
  private SparkEmbedMain() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(run(out, err, args));
  }

  /** Runs the command with these streams; returns the exit code. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new SparkEmbedCommand()).setOut(out).setErr(err);
    cli.setParameterExceptionHandler((e, ignored) -> {
      err.println("loupe spark-embed: " + oneLine(e) + " (see --help)");
      err.flush();
      return 2;
    });
    cli.setExecutionExceptionHandler((e, line, parsed) -> {
      err.println("loupe spark-embed: " + oneLine(e));
      err.flush();
      return e instanceof UsageException ? 2 : 1;
    });
    return cli.execute(args);
  }

  /** The innermost message, for a one-line error (Spark wraps task failures in several layers). */
  private static String oneLine(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return message.lines().findFirst().orElse(message);
  }
}
