package dev.loupe.cli;

import picocli.CommandLine;

/**
 * Turns a failure into one readable line on stderr and exit code 1; the stack trace only with --verbose.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
    boolean verbose = parsed != null && hasVerbose(parsed);
    if (verbose) e.printStackTrace(cmd.getErr());
    cmd.getErr().println("loupe: error: " + oneLine(e));
    cmd.getErr().flush();
    return e instanceof UsageException ? 2 : 1;
  }

  private static boolean hasVerbose(CommandLine.ParseResult parsed) {
    for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) return true;
    }
    return false;
  }

  static String oneLine(Throwable e) {
    // These exceptions carry only a path as their message.
    if (e instanceof java.nio.file.NoSuchFileException) return "no such file or folder: " + Printable.escape(e.getMessage());
    if (e instanceof java.nio.file.AccessDeniedException) return "permission denied: " + Printable.escape(e.getMessage());
    String m = e.getMessage();
    if (m == null || m.isBlank()) m = e.getClass().getSimpleName();
    // Escaped whole, never cut at a line break: a message may quote a file name with a line break in it, which
    // must stay visible on this one line rather than forge another (or be silently cut off).
    return Printable.escape(m.strip());
  }

  /**
   * Builds something from option values; a value the domain types refuse (they throw
   * IllegalArgumentException naming it) is a usage error, exit code 2.
   */
  static <T> T fromOptions(java.util.function.Supplier<T> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** A usage problem found after parsing (e.g. a filter without '='): exit code 2. */
  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }
}
