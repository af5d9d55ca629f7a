package dev.loupe.engine.ranking;

import dev.loupe.engine.feedback.Judgement;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * Learns a lever weighting from judgements and decides whether it should replace the index's current setting:
 * queries (not pairs) are split into train and held-out by a seed, weights are fitted on the train queries
 * ({@link PairwiseFit}), and the weighting replaces the current setting only if its pairwise accuracy on the
 * held-out judgements is higher, measured on at least {@value #MIN_HELD_QUERIES} held-out queries.
 */
public final class RankingTrainer {
  /**
   * @param holdout share of the judged queries held out, 0.05..0.5 (at least one query)
   * @param seed seed of the split by query
   */
  public record Options(double holdout, long seed) {
    public static final Options DEFAULTS = new Options(0.2, 42);

    public Options {
      if (!(holdout >= 0.05 && holdout <= 0.5)) {
        throw new IllegalArgumentException("holdout must be in 0.05..0.5, got: " + holdout);
      }
    }
  }

  /**
   * The judged queries of a log, with features.
   *
   * @param queries queries with features, in the order first judged
   * @param judgements judgements read
   * @param missingItems judgements skipped because their item is no longer in the index
   * @param otherModel judgements skipped because another model made their query vector (the index was rebuilt)
   */
  public record Judged(List<JudgedQuery> queries, int judgements, int missingItems, int otherModel) {}

  /** One line of the held-out comparison. */
  public record Row(String name, double[] weights, PairMetrics metrics) {}

  /**
   * @param trainQueries queries the weights were fitted on
   * @param heldQueries queries held out
   * @param rows the learned weighting, each single lever, and the current setting, measured on the held-out queries
   * @param current name of the current setting's row
   * @param ranking the learned ranking when it beats the current setting, else empty
   * @param verdict one line: why it was kept, or why not
   */
  public record Result(int trainQueries, int heldQueries, List<Row> rows, String current,
      Optional<LearnedRanking> ranking, String verdict) {
    public Row row(String name) {
      return rows.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }
  }

  public static final String LEARNED = "learned";
  /**
   * Held-out queries below which the check decides nothing: on one or two queries a weighting wins or loses by the
   * luck of which queries were held out (measured: with 10 judged queries it kept a weighting that lowered mAP on
   * unjudged queries, docs/ranking.md), so the current setting stays.
   */
  public static final int MIN_HELD_QUERIES = 5;

  private RankingTrainer() {}

  /**
   * Groups judgements by query and computes their features. A pair judged twice keeps its latest judgement (the
   * user changed their mind); items deleted from the index since are skipped (their judgements stay in the log).
   *
   * @param exclude the item to leave out of a query's expansion, by query key (null for none)
   */
  public static Judged judged(List<Judgement> judgements, RankFeatures features, String embedder, int dimension,
      UnaryOperator<String> exclude) throws IOException {
    Map<String, Map<String, Judgement>> byQuery = new LinkedHashMap<>();
    int otherModel = 0;
    for (Judgement j : judgements) {
      if (j.vector().length != dimension || !j.embedder().equals(embedder)) {
        otherModel++;
        continue;
      }
      Map<String, Judgement> items = byQuery.computeIfAbsent(j.query(), k -> new LinkedHashMap<>());
      items.remove(j.item()); // re-inserted last: the latest judgement wins and keeps its place in time
      items.put(j.item(), j);
    }
    List<JudgedQuery> out = new ArrayList<>();
    int missing = 0;
    for (Map.Entry<String, Map<String, Judgement>> e : byQuery.entrySet()) {
      List<Judgement> js = List.copyOf(e.getValue().values());
      RankFeatures.Query q = features.prepare(js.getLast().vector(), exclude.apply(e.getKey()));
      List<String> items = new ArrayList<>();
      List<double[]> rows = new ArrayList<>();
      List<Boolean> good = new ArrayList<>();
      for (Judgement j : js) {
        Optional<float[]> v = features.item(j.item());
        if (v.isEmpty()) {
          missing++;
          continue;
        }
        items.add(j.item());
        rows.add(features.of(q, v.get()));
        good.add(j.good());
      }
      if (!items.isEmpty()) out.add(new JudgedQuery(e.getKey(), items, rows, good));
    }
    return new Judged(out, judgements.size(), missing, otherModel);
  }

  /**
   * @param current the ranking the index uses now, if any (else its {@code defaultLever})
   * @throws IllegalArgumentException when fewer than two queries have both a good and a bad item
   */
  public static Result learn(Judged judged, Options options, Optional<LearnedRanking> current, String defaultLever,
      String embedder) {
    List<JudgedQuery> usable = new ArrayList<>(judged.queries().stream().filter(JudgedQuery::hasPairs).toList());
    if (usable.size() < 2) {
      throw new IllegalArgumentException("learning needs judgements of at least 2 queries that each have a good and"
          + " a bad item; the log has " + usable.size());
    }
    usable.sort(java.util.Comparator.comparing(JudgedQuery::key)); // the split depends on the seed, not log order
    java.util.Collections.shuffle(usable, new Random(options.seed()));
    int held = Math.max(1, Math.min(usable.size() - 1, (int) Math.round(options.holdout() * usable.size())));
    List<JudgedQuery> heldOut = usable.subList(0, held);
    List<JudgedQuery> train = usable.subList(held, usable.size());
    List<String> names = RankFeatures.NAMES;
    double[] learned = PairwiseFit.fit(train, names.size());
    List<Row> rows = new ArrayList<>();
    if (learned != null) rows.add(new Row(LEARNED, learned, PairMetrics.of(heldOut, learned)));
    for (int i = 0; i < names.size(); i++) {
      double[] one = new double[names.size()];
      one[i] = 1;
      rows.add(new Row(names.get(i), one, PairMetrics.of(heldOut, one)));
    }
    String currentName;
    double[] currentWeights;
    if (current.isPresent() && current.get().matches(names) && current.get().embedder().equals(embedder)) {
      currentName = "current (learned " + current.get().learned() + ")";
      currentWeights = current.get().weights();
    } else {
      currentName = "current (default: " + defaultLever + ")";
      currentWeights = new double[names.size()];
      currentWeights[names.indexOf(defaultLever)] = 1;
    }
    Row currentRow = new Row(currentName, currentWeights, PairMetrics.of(heldOut, currentWeights));
    rows.add(currentRow);
    Optional<LearnedRanking> ranking = Optional.empty();
    String verdict;
    if (learned == null) {
      verdict = "no non-negative weighting orders the training pairs: every weight fell to 0";
    } else if (held < MIN_HELD_QUERIES) {
      verdict = "only " + held + " held-out queries (at least " + MIN_HELD_QUERIES + " are needed to decide):"
          + " judge more queries";
    } else if (!(rows.getFirst().metrics().accuracy() > currentRow.metrics().accuracy())
        || Arrays.equals(learned, currentWeights)) {
      verdict = "the learned weights do not beat it on the held-out judgements";
    } else {
      verdict = "the learned weights beat it on the held-out judgements";
      ranking = Optional.of(new LearnedRanking(names, learned, embedder, Instant.now().toString(), judged.judgements(),
          train.size(), held, rows.getFirst().metrics().accuracy(), currentRow.metrics().accuracy()));
    }
    return new Result(train.size(), held, rows, currentName, ranking, verdict);
  }
}
