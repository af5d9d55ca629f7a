package dev.loupe.cli;

import picocli.CommandLine;

/** Entry point of the {@code loupe} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
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
