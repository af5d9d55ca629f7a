package dev.loupe.eval;

import java.util.List;
import java.util.Map;

/**
 * The evaluation of one configuration on one dataset.
 *
 * @param config what was evaluated
 * @param queries queries that had at least one relevant item (the ones averaged)
 * @param means metric name to its mean over those queries
 * @param chance the same metrics for a random ranking (mean of shuffles, fixed seed)
 * @param perClass query label to its metrics (a subset: acc@1, P@k of the first k, mAP)
 * @param withoutRelevant ids of queries with no relevant item: reported, not averaged (as in trec_eval)
 * @param precisionAtRecall interpolated precision at recall 0.0, 0.1, ..., 1.0, averaged over queries
 * @param seconds time to rank every query (embedding time excluded: shared across configurations)
 * @param samples the top hits of a few queries spread over the dataset, for contact sheets
 */
public record ConfigResult(EvalConfig config, int queries, Map<String, Double> means, Map<String, Double> chance,
    Map<String, Map<String, Double>> perClass, List<String> withoutRelevant, double[] precisionAtRecall,
    double seconds, List<Sample> samples) {

  /** One query's top hits and whether each is relevant. */
  public record Sample(EvalQuery query, List<dev.loupe.core.query.Hit> hits, List<Boolean> relevant) {}
}
