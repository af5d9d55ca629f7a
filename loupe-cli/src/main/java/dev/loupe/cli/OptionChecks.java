package dev.loupe.cli;

/**
 * Checks option values before they reach the domain types. Those refuse bad values too, but name their own
 * fields ({@code maxConn}, {@code qeTop}); a user typed {@code --hnsw-m} or {@code --qe}, so the message names
 * the option, its bounds and the value given, and the exit code is 2.
 */
final class OptionChecks {
  private OptionChecks() {}

  static void range(String option, long value, long min, long max) {
    if (value < min || value > max) {
      throw new ErrorHandler.UsageException(option + " must be in " + min + ".." + max + ", got: " + value);
    }
  }

  static void atLeast(String option, long value, long min) {
    if (value < min) throw new ErrorHandler.UsageException(option + " must be at least " + min + ", got: " + value);
  }

  /** NaN and infinities compare false with everything: refused here rather than deep inside a computation. */
  static void finiteAtLeast(String option, double value, double min) {
    if (!Double.isFinite(value) || value < min) {
      throw new ErrorHandler.UsageException(option + " must be a number of at least " + min + ", got: " + value);
    }
  }
}
