package dev.loupe.eval;

import java.nio.file.Path;
import java.util.Set;

/**
 * A query of an evaluation and its ground truth.
 *
 * @param id query id
 * @param file the query image
 * @param label its class (or, for near-duplicates, the kind of distortion), used for per-class breakdowns
 * @param relevant ids of the gallery images that are relevant to it
 * @param exclude a gallery id left out of this query's ranking (the query itself in leave-one-out), or null
 */
public record EvalQuery(String id, Path file, String label, Set<String> relevant, String exclude) {
  public EvalQuery {
    relevant = Set.copyOf(relevant);
  }
}
