package dev.loupe.eval;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.loupe.core.embed.EmbedderDescriptor;
import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.index.Item;
import dev.loupe.core.index.MemoryItemStore;
import dev.loupe.core.query.Hit;
import dev.loupe.core.query.Metric;
import dev.loupe.core.query.SearchRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cross-modal retrieval metrics (text → image, image → text) on caption or title data: each query ranks every
 * target by cosine (exactly, through {@link MemoryItemStore}: the one exact distance); its rank is that of its
 * first relevant target ({@link RankingMetrics#reciprocalRank}). Recall@K is the share of queries ranked within K,
 * chance the same share for a uniformly random order: {@code 1 - C(T-r, K) / C(T, K)} for r relevant of T targets.
 */
public final class TextRetrieval {
  private TextRetrieval() {}

  /**
   * One direction's numbers.
   *
   * @param direction "text→image" or "image→text"
   * @param queries how many queries were ranked
   * @param targets how many targets each query ranks
   * @param recall recall@K by K
   * @param chance recall@K of a random order by K
   * @param medianRank median rank of the first relevant target (1 = best)
   * @param chanceMedianRank median rank of a random order's first relevant target, averaged over the queries
   * @param groupPrecisionAt10 mean share of the first 10 targets in the query's group (e.g. the same articleType);
   *     null without groups
   * @param groupChance that share for a random order; null without groups
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Result(String direction, int queries, int targets, Map<Integer, Double> recall,
      Map<Integer, Double> chance, double medianRank, double chanceMedianRank, Double groupPrecisionAt10,
      Double groupChance) {
    public Result {
      recall = Map.copyOf(recall);
      chance = Map.copyOf(chance);
    }
  }

  /** The group of each query and each target, for precision@10 of the same group. */
  public record Groups(List<String> queries, List<String> targets) {
    public Groups {
      queries = List.copyOf(queries);
      targets = List.copyOf(targets);
    }
  }

  /**
   * Ranks {@code targets} for each of {@code queries}.
   *
   * @param relevant for each query, the indexes of its relevant targets (at least one)
   */
  public static Result evaluate(String direction, float[][] queries, float[][] targets, List<Set<Integer>> relevant,
      List<Integer> ks) {
    return evaluate(direction, queries, targets, relevant, ks, null);
  }

  /** As {@link #evaluate(String, float[][], float[][], List, List)}, with precision@10 of the same group. */
  public static Result evaluate(String direction, float[][] queries, float[][] targets, List<Set<Integer>> relevant,
      List<Integer> ks, Groups groups) {
    if (queries.length != relevant.size()) throw new IllegalArgumentException("one relevant set per query");
    if (queries.length == 0 || targets.length == 0) throw new IllegalArgumentException(direction + ": nothing to rank");
    MemoryItemStore store = new MemoryItemStore(new IndexSpec(
        new EmbedderDescriptor("targets", targets[0].length, false, Map.of()), Metric.COSINE, IndexSpec.HnswParams.DEFAULT));
    try {
      for (int t = 0; t < targets.length; t++) {
        store.put(new Item(Integer.toString(t), Integer.toString(t), "", 0, 0, 0, 0, Map.of()), List.of(targets[t]));
      }
      store.commit();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a memory store does no I/O
    }
    double[] ranks = new double[queries.length];
    double[] chanceRanks = new double[queries.length];
    Map<Integer, Double> recall = new LinkedHashMap<>();
    Map<Integer, Double> chance = new LinkedHashMap<>();
    for (int k : ks) {
      recall.put(k, 0.0);
      chance.put(k, 0.0);
    }
    // The chance values depend only on the number of relevant targets: computed once per count, not per query
    // (the median-rank one is quadratic in the number of targets).
    Map<Integer, Double> chanceRankOf = new HashMap<>();
    Map<Integer, Map<Integer, Double>> chanceRecallOf = new HashMap<>();
    Map<String, Integer> groupSizes = new HashMap<>();
    if (groups != null) for (String g : groups.targets()) groupSizes.merge(g, 1, Integer::sum);
    double groupPrecision = 0;
    double groupChance = 0;
    for (int q = 0; q < queries.length; q++) {
      Set<Integer> rel = relevant.get(q);
      if (rel.isEmpty()) throw new IllegalArgumentException("query " + q + " has no relevant target");
      List<Boolean> hits = new ArrayList<>();
      List<Hit> ranked = store.search(queries[q], SearchRequest.topK(targets.length));
      for (Hit h : ranked) hits.add(rel.contains(Integer.parseInt(h.id())));
      if (groups != null) {
        String mine = groups.queries().get(q);
        int top = Math.min(10, ranked.size());
        long same = ranked.subList(0, top).stream()
            .filter(h -> groups.targets().get(Integer.parseInt(h.id())).equals(mine)).count();
        groupPrecision += (double) same / top / queries.length;
        groupChance += (double) groupSizes.getOrDefault(mine, 0) / targets.length / queries.length;
      }
      ranks[q] = 1 / RankingMetrics.reciprocalRank(hits);
      chanceRanks[q] = chanceRankOf.computeIfAbsent(rel.size(), r -> chanceMedianRank(targets.length, r));
      Map<Integer, Double> chanceAtK = chanceRecallOf.computeIfAbsent(rel.size(), r -> new HashMap<>());
      for (int k : ks) {
        if (ranks[q] <= k) recall.merge(k, 1.0 / queries.length, Double::sum);
        double c = chanceAtK.computeIfAbsent(k, kk -> chanceRecall(targets.length, rel.size(), kk));
        chance.merge(k, c / queries.length, Double::sum);
      }
    }
    return new Result(direction, queries.length, targets.length, recall, chance, median(ranks),
        Arrays.stream(chanceRanks).average().orElseThrow(), groups == null ? null : groupPrecision,
        groups == null ? null : groupChance);
  }

  /** P(some of r relevant among the first k of t in random order) = 1 - C(t-r, k) / C(t, k). */
  static double chanceRecall(int t, int r, int k) {
    if (k >= t) return 1;
    double none = 1; // C(t-r, k) / C(t, k) = Π_{i<k} (t-r-i) / (t-i)
    for (int i = 0; i < k; i++) {
      none *= Math.max(0, t - r - i) / (double) (t - i);
    }
    return 1 - none;
  }

  /** The smallest rank m with P(first relevant ≤ m) ≥ 1/2 in a random order. */
  static double chanceMedianRank(int t, int r) {
    for (int m = 1; m <= t; m++) {
      if (chanceRecall(t, r, m) >= 0.5) return m;
    }
    return t;
  }

  static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
