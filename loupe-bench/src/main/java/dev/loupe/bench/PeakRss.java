package dev.loupe.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The process's peak resident set size (VmHWM in /proc/self/status), reset between stages by writing 5 to
 * /proc/self/clear_refs (Linux 4.0+), so each stage of a benchmark reports its own peak. Where either file is
 * missing (not Linux) the peak is unknown, never guessed.
 *
 * <p>The peak includes whatever the JVM had already committed when the stage began (heap does not shrink back),
 * so it is an upper bound on what that stage needs, not its increment.
 */
final class PeakRss {
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

  private PeakRss() {}

  /** Restarts the peak from the current RSS; false where the kernel does not allow it. */
  static boolean reset() {
    try {
      Files.writeString(CLEAR_REFS, "5");
      return true;
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }

  /** The peak RSS in bytes since the last {@link #reset}, or since the process started. */
  static OptionalLong bytes() {
    return bytes(STATUS);
  }

  /** The peak RSS of another (child) process so far; empty once it has exited or where unknown. */
  static OptionalLong bytes(ProcessHandle process) {
    return bytes(Path.of("/proc", Long.toString(process.pid()), "status"));
  }

  private static OptionalLong bytes(Path status) {
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmHWM:")) { // "VmHWM:   123456 kB"
          return OptionalLong.of(Long.parseLong(line.substring(6).replace("kB", "").strip()) * 1024);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // fall through: unknown
    }
    return OptionalLong.empty();
  }

  /** Megabytes for a table cell, "?" when unknown. */
  static String mb(OptionalLong bytes) {
    return bytes.isPresent() ? Long.toString(bytes.getAsLong() / (1024 * 1024)) : "?";
  }
}
