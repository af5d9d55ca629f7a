package dev.loupe.eval;

import dev.loupe.core.embed.Embedder;
import dev.loupe.core.embed.EmbedderSettings;
import dev.loupe.core.embed.Embedders;
import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.index.Item;
import dev.loupe.core.index.MemoryItemStore;
import dev.loupe.core.query.Hit;
import dev.loupe.core.query.Metric;
import dev.loupe.core.query.SearchRequest;
import dev.loupe.core.util.Parallel;
import dev.loupe.engine.feedback.Judgement;
import dev.loupe.engine.feedback.JudgementLog;
import dev.loupe.engine.feedback.QueryKey;
import dev.loupe.engine.query.QueryEngine;
import dev.loupe.engine.query.QueryOptions;
import dev.loupe.engine.ranking.LearnedRanking;
import dev.loupe.engine.ranking.LearnedSearch;
import dev.loupe.engine.ranking.RankFeatures;
import dev.loupe.engine.ranking.RankingTrainer;
import dev.loupe.image.DecodeOptions;
import dev.loupe.image.ImageDecodeException;
import dev.loupe.image.ImageDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Learning to rank from simulated feedback, since no real user judgements exist here: a simulated user looks at the
 * top {@code judged} hits of the default search for each query and marks each good or bad by the ground truth (the
 * way a user who knows what they want clicks). The judgements go through the index's own {@link JudgementLog}, a
 * ranking is learned from those of the first N queries ({@link RankingTrainer}: its own held-out split decides
 * whether the ranking is kept), and the full-ranking mAP is measured on other queries that were never judged, with
 * the top {@value LearnedSearch#CANDIDATES} of each re-ranked as a search re-ranks them.
 * Deterministic: the split of the queries comes from the seed, nothing else is random.
 */
public final class SimulatedFeedback {
  /**
   * @param judged hits judged per query (the top of the default ranking), 1..100
   * @param queryCounts how many judged queries to learn from, each a row; 0 = every judged query
   * @param seed seed of the split of the queries into judged and test ones (half each)
   */
  public record Settings(int judged, List<Integer> queryCounts, long seed) {
    public Settings {
      if (judged < 1 || judged > 100) throw new IllegalArgumentException("judged hits must be in 1..100, got: " + judged);
      queryCounts = List.copyOf(queryCounts);
      if (queryCounts.isEmpty()) throw new IllegalArgumentException("give at least one count of judged queries");
      for (int n : queryCounts) if (n < 0) throw new IllegalArgumentException("query counts must be at least 0, got: " + n);
    }
  }

  /**
   * One number of judged queries.
   *
   * @param judgedQueries queries whose judgements were learned from
   * @param judgements their judgements
   * @param weights the learned weights (of {@link RankFeatures#NAMES}); null when nothing could be learned
   * @param kept whether the learner's held-out check kept the learned weights
   * @param heldLearned pairwise accuracy of the learned weights on the learner's held-out judgements
   * @param heldCurrent the default lever's on the same judgements
   * @param mapDefault mAP of the default search on the test queries
   * @param mapLearned mAP with the learned weights applied regardless of the check
   * @param mapApplied mAP of what the index would search with: the learned weights if kept, else the default
   * @param note why nothing was learned, or empty
   */
  public record Row(int judgedQueries, int judgements, double[] weights, boolean kept, double heldLearned,
      double heldCurrent, double mapDefault, double mapLearned, double mapApplied, String note) {}

  /** @param testQueries queries measured (never judged) */
  public record Report(String dataset, String config, int judgedPerQuery, int testQueries, int poolQueries,
      String defaultLever, List<Row> rows) {}

  private final EmbedderSettings settings;
  private final int threads;
  private final Consumer<String> log;

  public SimulatedFeedback(EmbedderSettings settings, int threads, Consumer<String> log) {
    this.settings = settings;
    this.threads = threads;
    this.log = log;
  }

  public Report run(EvalDataset ds, EvalConfig config, Settings s, Path work) throws IOException {
    try (Embedder embedder = Embedders.load(settings).open(config.embedder(), 1)) {
      Map<Path, float[]> vectors = embed(ds, embedder);
      Metric metric = config.metric() != null ? config.metric() : Metric.COSINE;
      IndexSpec spec = new IndexSpec(embedder.descriptor(), metric, IndexSpec.HnswParams.DEFAULT,
          new IndexSpec.Levers(config.levers().center(), 0));
      MemoryItemStore store = new MemoryItemStore(spec);
      for (EvalImage g : ds.gallery()) {
        float[] v = vectors.get(g.file());
        if (v != null) store.put(new Item(g.id(), g.file().toString(), "", 0, 0, 0, 0, Map.of()), v);
      }
      store.commit();
      QueryEngine engine = new QueryEngine(embedder, store);
      List<EvalQuery> queries = new ArrayList<>(ds.queries().stream()
          .filter(q -> !q.relevant().isEmpty() && vectors.containsKey(q.file())).toList());
      queries.sort(Comparator.comparing(EvalQuery::id));
      java.util.Collections.shuffle(queries, new Random(s.seed()));
      List<EvalQuery> test = queries.subList(0, queries.size() / 2);
      List<EvalQuery> pool = queries.subList(queries.size() / 2, queries.size());
      // The simulated user's clicks, through the same log a user's go to.
      JudgementLog judgementLog = new JudgementLog(work.resolve(JudgementLog.NAME), JudgementLog.MAX_RECORDS);
      Map<String, String> excludeByKey = new HashMap<>();
      List<String> keys = new ArrayList<>();
      for (EvalQuery q : pool) {
        String key = q.exclude() != null ? QueryKey.ofItem(q.exclude()) : QueryKey.ofImage(Files.readAllBytes(q.file()));
        keys.add(key);
        if (q.exclude() != null) excludeByKey.put(key, q.exclude());
        float[] v = vectors.get(q.file());
        List<Hit> top = engine.search(List.of(v), SearchRequest.topK(s.judged()).withExact(true), QueryOptions.NONE,
            q.exclude());
        List<String> good = top.stream().map(Hit::id).filter(q.relevant()::contains).toList();
        List<String> bad = top.stream().map(Hit::id).filter(id -> !q.relevant().contains(id)).toList();
        var appended = judgementLog.append(Judgement.of(key, v, embedder.descriptor().name(), good, bad, "simulated",
            Instant.EPOCH));
        if (appended.refused() > 0) throw new IllegalStateException("the simulated judgements exceed the log's bound");
      }
      List<Judgement> all = judgementLog.read(log);
      RankFeatures features = new RankFeatures(store);
      LearnedSearch reranker = new LearnedSearch(work, store, engine);
      SearchRequest full = SearchRequest.topK(store.size() + 1).withExact(true);
      Map<EvalQuery, List<Hit>> firstRankings = new ConcurrentHashMap<>();
      Parallel.map(test, threads, q -> firstRankings.put(q,
          engine.search(List.of(vectors.get(q.file())), full, QueryOptions.NONE, q.exclude())));
      double mapDefault = meanAp(test, firstRankings::get);
      List<Row> rows = new ArrayList<>();
      Set<Integer> done = new HashSet<>();
      for (int n : s.queryCounts()) {
        int count = n == 0 ? pool.size() : Math.min(n, pool.size());
        if (!done.add(count)) continue; // "all" may be one of the counts already
        Set<String> chosen = new HashSet<>(keys.subList(0, count));
        List<Judgement> subset = all.stream().filter(j -> chosen.contains(j.query())).toList();
        RankingTrainer.Judged judged = RankingTrainer.judged(subset, features, embedder.descriptor().name(),
            embedder.dimension(), excludeByKey::get);
        RankingTrainer.Result result;
        try {
          result = RankingTrainer.learn(judged, new RankingTrainer.Options(0.2, s.seed()), java.util.Optional.empty(),
              features.defaultLever(), embedder.descriptor().name());
        } catch (IllegalArgumentException e) {
          rows.add(new Row(count, subset.size(), null, false, Double.NaN, Double.NaN, mapDefault, Double.NaN,
              mapDefault, e.getMessage()));
          continue;
        }
        var learnedRow = result.rows().stream().filter(r -> r.name().equals(RankingTrainer.LEARNED)).findFirst();
        if (learnedRow.isEmpty()) {
          rows.add(new Row(count, subset.size(), null, false, Double.NaN, result.rows().getLast().metrics().accuracy(),
              mapDefault, Double.NaN, mapDefault, "the fit left every weight at 0"));
          continue;
        }
        double[] w = learnedRow.get().weights();
        LearnedRanking ranking = new LearnedRanking(RankFeatures.NAMES, w, embedder.descriptor().name(), "", 0, 0, 0, 0, 0);
        Map<EvalQuery, List<Hit>> reranked = new ConcurrentHashMap<>();
        Parallel.map(test, threads, q -> reranked.put(q, reranker.rerank(ranking, vectors.get(q.file()),
            firstRankings.get(q), LearnedSearch.CANDIDATES, Integer.MAX_VALUE, Float.NEGATIVE_INFINITY, q.exclude())));
        double mapLearned = meanAp(test, reranked::get);
        boolean kept = result.ranking().isPresent();
        rows.add(new Row(count, subset.size(), w, kept, learnedRow.get().metrics().accuracy(),
            result.rows().getLast().metrics().accuracy(), mapDefault, mapLearned, kept ? mapLearned : mapDefault,
            kept ? "" : result.verdict()));
        log.accept(String.format(java.util.Locale.ROOT, "%d judged queries: test mAP %.4f default, %.4f learned%s",
            count, mapDefault, mapLearned, kept ? "" : " (not kept)"));
      }
      return new Report(ds.name(), config.name(), s.judged(), test.size(), pool.size(), features.defaultLever(), rows);
    }
  }

  private static double meanAp(List<EvalQuery> queries, java.util.function.Function<EvalQuery, List<Hit>> rankings) {
    double sum = 0;
    for (EvalQuery q : queries) {
      List<Boolean> flags = rankings.apply(q).stream().map(h -> q.relevant().contains(h.id())).toList();
      sum += RankingMetrics.averagePrecision(flags, q.relevant().size());
    }
    return sum / queries.size();
  }

  /** The plain vector of every image, decoded as {@code loupe index} decodes for this embedder. */
  private Map<Path, float[]> embed(EvalDataset ds, Embedder embedder) throws IOException {
    Set<Path> files = new java.util.LinkedHashSet<>();
    ds.gallery().forEach(g -> files.add(g.file()));
    ds.queries().forEach(q -> files.add(q.file()));
    log.accept("embedding " + files.size() + " images with " + embedder.descriptor().name());
    Map<Path, float[]> out = new ConcurrentHashMap<>();
    Parallel.map(List.copyOf(files), threads, file -> {
      try {
        out.put(file, embedder.embed(ImageDecoder.decode(Files.readAllBytes(file), file.toString(),
            DecodeOptions.DEFAULTS.withMinShorterSide(embedder.minInputSide())).image()));
      } catch (ImageDecodeException e) {
        log.accept("skipped " + file + ": " + e.reason());
      }
      return null;
    });
    return out;
  }
}
