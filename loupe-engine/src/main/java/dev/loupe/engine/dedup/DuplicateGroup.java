package dev.loupe.engine.dedup;

import java.util.List;

/**
 * Items that are copies of one picture: exact copies (same bytes) and near-duplicates (linked by scores at or above
 * the threshold, transitively), the best copy first (largest pixel count, then oldest, then id).
 */
public record DuplicateGroup(List<DuplicateMember> members) {

  public DuplicateGroup {
    members = List.copyOf(members);
    if (members.size() < 2) throw new IllegalArgumentException("a group needs two members, got: " + members.size());
  }

  public DuplicateMember best() {
    return members.getFirst();
  }

  /** Members byte-identical to an earlier member. */
  public int exactCopies() {
    return (int) members.stream().filter(DuplicateMember::exact).count();
  }

  /** Bytes freed by keeping only the best copy: every other member's file size. */
  public long reclaimableBytes() {
    return members.stream().skip(1).mapToLong(DuplicateMember::size).sum();
  }
}
