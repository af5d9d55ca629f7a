package dev.loupe.engine.dedup;

import java.util.List;

/**
 * Totals over duplicate groups, for the line that ends {@code loupe dedup}'s output.
 *
 * @param groups number of groups
 * @param items items in any group
 * @param exactCopies members byte-identical to an earlier member of their group
 * @param reclaimableBytes bytes freed by keeping only each group's best copy
 */
public record DedupSummary(int groups, int items, int exactCopies, long reclaimableBytes) {

  public static DedupSummary of(List<DuplicateGroup> groups) {
    int items = 0;
    int exact = 0;
    long bytes = 0;
    for (DuplicateGroup g : groups) {
      items += g.members().size();
      exact += g.exactCopies();
      bytes += g.reclaimableBytes();
    }
    return new DedupSummary(groups.size(), items, exact, bytes);
  }
}
