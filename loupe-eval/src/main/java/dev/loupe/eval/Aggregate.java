package dev.loupe.eval;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Means over queries. */
final class Aggregate {
  private Aggregate() {}

  static Map<String, Double> mean(Collection<Map<String, Double>> rows) {
    Map<String, Double> sum = new LinkedHashMap<>();
    for (Map<String, Double> r : rows) r.forEach((k, v) -> sum.merge(k, v, Double::sum));
    sum.replaceAll((k, v) -> v / rows.size());
    return sum;
  }

  static double[] meanCurve(Collection<double[]> curves) {
    double[] out = new double[PrecisionRecall.LEVELS];
    for (double[] c : curves) for (int i = 0; i < out.length; i++) out[i] += c[i];
    for (int i = 0; i < out.length; i++) out[i] = curves.isEmpty() ? 0 : out[i] / curves.size();
    return out;
  }

  /** Per query label: number of queries, acc@1, P@k (first k) and mAP. */
  static Map<String, Map<String, Double>> perClass(Map<EvalQuery, Map<String, Double>> perQuery, int k) {
    Map<String, List<Map<String, Double>>> groups = new HashMap<>();
    perQuery.forEach((q, m) -> groups.computeIfAbsent(q.label(), x -> new java.util.ArrayList<>()).add(m));
    Map<String, Map<String, Double>> out = new TreeMap<>();
    groups.forEach((label, rows) -> {
      Map<String, Double> means = mean(rows);
      Map<String, Double> pick = new LinkedHashMap<>();
      pick.put("queries", (double) rows.size());
      pick.put("acc@1", means.get("acc@1"));
      pick.put("P@" + k, means.get("P@" + k));
      pick.put("mAP", means.get("mAP"));
      out.put(label, pick);
    });
    return out;
  }
}
