package dev.loupe.eval;

import java.util.List;

/**
 * Images to rank and queries with their ground truth.
 *
 * @param name short description, e.g. "caltech20 (train/test)"
 * @param gallery the images every query ranks
 * @param queries the queries
 */
public record EvalDataset(String name, List<EvalImage> gallery, List<EvalQuery> queries) {
  public EvalDataset {
    gallery = List.copyOf(gallery);
    queries = List.copyOf(queries);
    if (gallery.isEmpty()) throw new IllegalArgumentException("dataset '" + name + "' has no gallery images");
    if (queries.isEmpty()) throw new IllegalArgumentException("dataset '" + name + "' has no queries");
  }
}
