package dev.loupe.engine.explain;

import dev.loupe.core.explain.ContributionGrid;
import java.util.Objects;

/**
 * Why one hit matched its query: the contributions of the hit's regions to the score and, the other way round,
 * of the query's regions.
 *
 * @param hitId the hit's item id
 * @param hit per cell of the hit's feature map, its contribution to the score against the query
 * @param query per cell of the query's feature map, its contribution to the score against the hit
 * @param score the cosine both grids sum to (the store's score for a cosine index, up to float roundoff)
 */
public record Explanation(String hitId, ContributionGrid hit, ContributionGrid query, double score) {
  public Explanation {
    Objects.requireNonNull(hitId, "hitId");
    Objects.requireNonNull(hit, "hit");
    Objects.requireNonNull(query, "query");
  }
}
