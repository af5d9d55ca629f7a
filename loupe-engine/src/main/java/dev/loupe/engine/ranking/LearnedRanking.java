package dev.loupe.engine.ranking;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A re-weighting of the levers learned from judgements: an item's score is {@code sum(weight_i * feature_i)} over
 * {@link RankFeatures#NAMES}, weights non-negative and summing to 1 (so a score is a weighted mean of cosines).
 *
 * @param features feature names, in the order of {@code weights}
 * @param weights one non-negative weight per feature, summing to 1
 * @param embedder the index's embedder when it was learned (a ranking of another model's scores is not applied)
 * @param learned when it was learned (ISO-8601)
 * @param judgements judgements it was learned from (train and held-out)
 * @param trainQueries queries whose judgements trained it
 * @param heldQueries queries held out to evaluate it
 * @param heldAccuracy its pairwise accuracy on the held-out judgements
 * @param replacedAccuracy the replaced setting's pairwise accuracy on the same judgements
 */
public record LearnedRanking(List<String> features, double[] weights, String embedder, String learned, int judgements,
    int trainQueries, int heldQueries, double heldAccuracy, double replacedAccuracy) {

  public LearnedRanking {
    features = List.copyOf(features);
    weights = weights.clone();
    if (features.size() != weights.length) {
      throw new IllegalArgumentException(features.size() + " features but " + weights.length + " weights");
    }
    double sum = 0;
    for (double w : weights) {
      if (!(w >= 0) || !Double.isFinite(w)) throw new IllegalArgumentException("weights must be finite and at least 0, got: " + w);
      sum += w;
    }
    if (Math.abs(sum - 1) > 1e-6) throw new IllegalArgumentException("weights must sum to 1, got: " + sum);
  }

  @Override
  public double[] weights() {
    return weights.clone();
  }

  /** The score of one item from its features (in this ranking's feature order). */
  public double score(double[] featureValues) {
    double s = 0;
    for (int i = 0; i < weights.length; i++) s += weights[i] * featureValues[i];
    return s;
  }

  /** Whether this ranking weighs exactly the features this Loupe computes. */
  public boolean matches(List<String> names) {
    return features.equals(names);
  }

  /** Weights by name, for {@code loupe info} and reports. */
  public Map<String, Double> weightsByName() {
    Map<String, Double> out = new LinkedHashMap<>();
    for (int i = 0; i < weights.length; i++) out.put(features.get(i), weights[i]);
    return out;
  }
}
