package dev.loupe.spark;

import java.util.List;

/**
 * What a run did.
 *
 * @param embedded images embedded by this run
 * @param reused images whose content hash was in the previous output (not embedded again)
 * @param skipped files left out, each with its reason in the output's skipped folder
 * @param firstSkips the first few skipped files, "path: reason", for the summary on stderr
 */
record EmbedSummary(long embedded, long reused, long skipped, List<String> firstSkips) {
  EmbedSummary {
    firstSkips = List.copyOf(firstSkips);
  }

  long rows() {
    return embedded + reused;
  }

  @Override
  public String toString() {
    return "embedded " + embedded + ", reused " + reused + ", skipped " + skipped;
  }
}
