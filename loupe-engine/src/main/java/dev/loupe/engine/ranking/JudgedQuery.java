package dev.loupe.engine.ranking;

import java.util.List;

/**
 * The judged items of one query with their features: the unit learning splits by and evaluates on.
 *
 * @param key the query's key
 * @param items judged item ids
 * @param features one row of {@link RankFeatures#NAMES} per item
 * @param good the judgement of each item
 */
public record JudgedQuery(String key, List<String> items, List<double[]> features, List<Boolean> good) {
  public JudgedQuery {
    items = List.copyOf(items);
    features = List.copyOf(features);
    good = List.copyOf(good);
    if (items.size() != features.size() || items.size() != good.size()) {
      throw new IllegalArgumentException("items, features and judgements differ in number");
    }
  }

  /** Whether the query has a good and a bad item: only then does it order anything. */
  public boolean hasPairs() {
    return good.contains(true) && good.contains(false);
  }
}
