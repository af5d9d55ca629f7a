package dev.loupe.engine.index;

import java.time.Duration;

/**
 * What an indexing run did.
 *
 * @param indexed items embedded and stored (new or changed files)
 * @param unchanged items already in the index with the same contents
 * @param skipped files that could not be read or decoded
 * @param removed items pruned because their file is gone
 * @param elapsed wall time of the run
 */
public record IndexSummary(int indexed, int unchanged, int skipped, int removed, Duration elapsed) {

  /** Whether the run did nothing useful although it was given work: every file was skipped. */
  public boolean nothingDone() {
    return indexed == 0 && unchanged == 0 && removed == 0 && skipped > 0;
  }

  public double imagesPerSecond() {
    double s = elapsed.toNanos() / 1e9;
    return s > 0 ? indexed / s : 0;
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "indexed %d, unchanged %d, skipped %d, removed %d in %.1f s",
        indexed, unchanged, skipped, removed, elapsed.toMillis() / 1000.0);
  }
}
