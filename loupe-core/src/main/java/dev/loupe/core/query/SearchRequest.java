package dev.loupe.core.query;

import java.util.Map;
import java.util.Objects;

/**
 * How to search.
 *
 * @param k how many hits at most; a store returns (and allocates for) no more items than it holds, so a k above
 *     its size, up to {@code Integer.MAX_VALUE}, asks for every item
 * @param metric how to compare vectors; {@code null} means the index's default metric
 * @param exact force exhaustive search even where an approximate (HNSW) search is possible
 * @param minScore hits scoring below this are dropped ({@code Float.NEGATIVE_INFINITY} keeps all)
 * @param filters exact-match metadata filters, all of which must hold
 * @param centering compare {@code normalize(v - mean)} instead of {@code v}, for the query and every stored
 *     vector; null for none
 */
public record SearchRequest(int k, Metric metric, boolean exact, float minScore, Map<String, String> filters,
    Centering centering) {

  public SearchRequest {
    if (k < 1) throw new IllegalArgumentException("k must be at least 1, got: " + k);
    if (Float.isNaN(minScore)) throw new IllegalArgumentException("minScore must be a number, got: NaN");
    filters = Map.copyOf(Objects.requireNonNull(filters, "filters"));
  }

  public SearchRequest(int k, Metric metric, boolean exact, float minScore, Map<String, String> filters) {
    this(k, metric, exact, minScore, filters, null);
  }

  public static SearchRequest topK(int k) {
    return new SearchRequest(k, null, false, Float.NEGATIVE_INFINITY, Map.of(), null);
  }

  public SearchRequest withK(int n) {
    return new SearchRequest(n, metric, exact, minScore, filters, centering);
  }

  public SearchRequest withMetric(Metric m) {
    return new SearchRequest(k, m, exact, minScore, filters, centering);
  }

  public SearchRequest withExact(boolean e) {
    return new SearchRequest(k, metric, e, minScore, filters, centering);
  }

  public SearchRequest withMinScore(float s) {
    return new SearchRequest(k, metric, exact, s, filters, centering);
  }

  public SearchRequest withFilters(Map<String, String> f) {
    return new SearchRequest(k, metric, exact, minScore, f, centering);
  }

  public SearchRequest withCentering(Centering c) {
    return new SearchRequest(k, metric, exact, minScore, filters, c);
  }
}
