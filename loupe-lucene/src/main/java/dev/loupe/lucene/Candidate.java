package dev.loupe.lucene;

import java.util.Comparator;

/**
 * A document found by a search, before its stored fields are loaded.
 *
 * @param distance the metric's exact distance to the query
 * @param id the item id, the tie-breaker that makes rankings independent of segment layout
 * @param doc the document number in the searcher's top-level reader
 * @param view the view the document holds (0 = the item's own vector; its stored fields are on view 0 only)
 */
record Candidate(float distance, String id, int doc, int view) {
  /** Closest first; equal distances in id order. */
  static final Comparator<Candidate> BEST_FIRST =
      Comparator.comparingDouble(Candidate::distance).thenComparing(Candidate::id);
}
