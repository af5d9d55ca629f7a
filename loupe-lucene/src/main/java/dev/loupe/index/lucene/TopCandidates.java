package dev.loupe.index.lucene;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The k best candidates seen so far, ordered by distance then id.
 *
 * <p>Unlike {@link dev.loupe.query.ExactSearch}, which breaks ties by the order candidates arrive, ties here go
 * by id: arrival order depends on how segments happen to be merged, ids do not. Callers ask {@link
 * #competitive} before paying for the id lookup.
 */
final class TopCandidates {
  private final int k;
  private final PriorityQueue<Candidate> heap;

  TopCandidates(int k) {
    if (k < 1) throw new IllegalArgumentException("k must be at least 1, got: " + k);
    this.k = k;
    this.heap = new PriorityQueue<>(k + 1, Candidate.BEST_FIRST.reversed());
  }

  /** Whether a candidate at this distance could enter (ties may, depending on their id). */
  boolean competitive(float distance) {
    return heap.size() < k || Float.compare(distance, heap.peek().distance()) <= 0;
  }

  void offer(Candidate candidate) {
    if (heap.size() < k) {
      heap.add(candidate);
    } else if (Candidate.BEST_FIRST.compare(candidate, heap.peek()) < 0) {
      heap.poll();
      heap.add(candidate);
    }
  }

  /** The kept candidates, best first. */
  List<Candidate> results() {
    List<Candidate> out = new ArrayList<>(heap);
    out.sort(Candidate.BEST_FIRST);
    return out;
  }
}
