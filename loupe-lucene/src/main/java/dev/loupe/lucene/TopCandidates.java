package dev.loupe.lucene;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The k best items seen so far, one candidate per item (its closest view), ordered by distance then id.
 *
 * <p>Unlike {@link dev.loupe.testing.ExactSearch}, which breaks ties by the order candidates arrive, ties here go
 * by id: arrival order depends on how segments happen to be merged, ids do not. Callers ask {@link
 * #competitive} before paying for the exact distance and the id lookup.
 *
 * <p>Several views of an item collapse into one entry: a closer view replaces the item's entry, a farther one is
 * ignored. An item evicted by k better items can come back only with a view closer than those, so the result
 * is the k items whose closest views are closest.
 */
final class TopCandidates {
  private final int k;
  private final PriorityQueue<Candidate> heap;
  private final Map<String, Candidate> byId;

  TopCandidates(int k) {
    if (k < 1) throw new IllegalArgumentException("k must be at least 1, got: " + k);
    this.k = k;
    // The heap grows as candidates arrive: sizing it by k up front would allocate for a k the index cannot fill.
    this.heap = new PriorityQueue<>(Candidate.BEST_FIRST.reversed());
    this.byId = new HashMap<>();
  }

  /**
   * Whether a candidate at this distance (or with a distance no less than this) could enter: ties may,
   * depending on their id. A candidate that is not competitive cannot improve a kept item either: every kept
   * item is at most as far as the worst.
   */
  boolean competitive(float distance) {
    return heap.size() < k || Float.compare(distance, heap.peek().distance()) <= 0;
  }

  void offer(Candidate candidate) {
    Candidate kept = byId.get(candidate.id());
    if (kept != null) {
      if (Float.compare(candidate.distance(), kept.distance()) < 0) {
        heap.remove(kept);
        add(candidate);
      }
    } else if (heap.size() < k) {
      add(candidate);
    } else if (Candidate.BEST_FIRST.compare(candidate, heap.peek()) < 0) {
      byId.remove(heap.poll().id());
      add(candidate);
    }
  }

  private void add(Candidate candidate) {
    heap.add(candidate);
    byId.put(candidate.id(), candidate);
  }

  /** The kept candidates, best first. */
  List<Candidate> results() {
    List<Candidate> out = new ArrayList<>(heap);
    out.sort(Candidate.BEST_FIRST);
    return out;
  }
}
