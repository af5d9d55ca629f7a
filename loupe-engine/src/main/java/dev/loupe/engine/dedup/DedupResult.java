package dev.loupe.engine.dedup;

import java.util.List;

/**
 * What {@code loupe dedup --format json} and {@code GET /duplicates} return: one document.
 *
 * @param threshold the near-duplicate threshold used (null when {@code exactOnly})
 * @param thresholdSource "option" when given, "default" when taken from {@link DefaultThresholds}
 * @param exactOnly whether only byte-identical files were grouped
 * @param groups the groups, largest first
 * @param summary their totals
 */
public record DedupResult(Float threshold, String thresholdSource, boolean exactOnly, List<DuplicateGroup> groups,
    DedupSummary summary) {

  public DedupResult {
    groups = List.copyOf(groups);
  }

  public static DedupResult of(Float threshold, String thresholdSource, boolean exactOnly, List<DuplicateGroup> groups) {
    return new DedupResult(threshold, thresholdSource, exactOnly, groups, DedupSummary.of(groups));
  }
}
