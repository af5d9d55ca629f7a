package dev.loupe.engine.ranking;

import dev.loupe.core.index.ItemStore;
import dev.loupe.core.io.FileWatch;
import dev.loupe.core.query.Hit;
import dev.loupe.core.query.Metric;
import dev.loupe.core.query.SearchRequest;
import dev.loupe.core.query.Vectors;
import dev.loupe.engine.projection.Projection;
import dev.loupe.engine.projection.ProjectionFile;
import dev.loupe.engine.query.QueryEngine;
import dev.loupe.engine.query.QueryOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Image search with what the index learned from its users, when it has it: a trained projection ({@link
 * ProjectionFile}, {@code loupe train-projection}) or else a learned ranking ({@link RankingFile}, {@code loupe
 * learn-ranking}). The query path's top candidates ({@value #CANDIDATES}, or k if more, at most {@value
 * #MAX_CANDIDATES}) are scored again and re-sorted: by the cosine of query and item through the projection, or by
 * the learned weighting of {@link RankFeatures}. A projection wins over a ranking because the ranking's weights
 * were learned on the model's own cosines. Either applies to a plain image query of a cosine index (one vector: no
 * crops, no --tta, no --like/--unlike, no --qe, no --rerank, no other metric): those change the query themselves,
 * and both were learned on plain query vectors. The files are re-read when they change, so a server picks up a new
 * one.
 */
public final class LearnedSearch {
  public static final int CANDIDATES = 100;
  public static final int MAX_CANDIDATES = 1000;

  private final ItemStore store;
  private final QueryEngine engine;
  private final RankFeatures features;
  private final FileWatch<LearnedRanking> ranking;
  private final FileWatch<ProjectionFile.Saved> projection;

  public LearnedSearch(Path indexDir, ItemStore store, QueryEngine engine) {
    this.store = store;
    this.engine = engine;
    this.features = new RankFeatures(store);
    // A rebuild with another model leaves the files, whose weights then no longer apply.
    String embedder = store.spec().embedder().name();
    this.ranking = new FileWatch<>(RankingFile.of(indexDir), file -> RankingFile.read(indexDir)
        .filter(r -> r.matches(RankFeatures.NAMES) && r.embedder().equals(embedder)));
    this.projection = new FileWatch<>(ProjectionFile.of(indexDir), file -> ProjectionFile.read(indexDir)
        .filter(p -> p.info().embedder().equals(embedder)
            && p.projection().inputDimension() == store.spec().embedder().dimension()));
  }

  public RankFeatures features() {
    return features;
  }

  /** The learned ranking searches apply when the index has no projection, if any. */
  public Optional<LearnedRanking> ranking() throws IOException {
    return ranking.get();
  }

  /** The projection searches apply, if any: the file's, when it was trained for this index's embedder. */
  public Optional<ProjectionFile.Saved> projection() throws IOException {
    return projection.get();
  }

  public List<Hit> search(List<float[]> vectors, SearchRequest request, QueryOptions options) throws IOException {
    if (!applies(vectors, request, options)) return engine.search(vectors, request, options);
    Optional<ProjectionFile.Saved> p = projection();
    Optional<LearnedRanking> r = p.isPresent() ? Optional.empty() : ranking();
    if (p.isEmpty() && r.isEmpty()) return engine.search(vectors, request, options);
    int depth = Math.max(request.k(), Math.min(MAX_CANDIDATES, Math.max(CANDIDATES, request.k())));
    List<Hit> first = engine.search(vectors, request.withK(depth).withMinScore(Float.NEGATIVE_INFINITY), options);
    return p.isPresent()
        ? rescore(projected(p.get().projection(), vectors.getFirst()), first, MAX_CANDIDATES, request.k(),
            request.minScore())
        : rerank(r.get(), vectors.getFirst(), first, MAX_CANDIDATES, request.k(), request.minScore(), null);
  }

  private boolean applies(List<float[]> vectors, SearchRequest request, QueryOptions options) {
    Metric metric = store.spec().metric();
    return vectors.size() == 1 && options.tta() == 0 && !options.hasFeedback() && options.qeTop() == 0 && options.rerank() == 0
        && request.centering() == null
        && metric == Metric.COSINE && (request.metric() == null || request.metric() == metric);
  }

  /**
   * Re-scores the first {@code candidates} (at most {@value #MAX_CANDIDATES}) of {@code first} (a ranking of
   * {@code query}) by {@code ranking}, drops those below {@code minScore}, and returns the best {@code k}; hits beyond
   * the re-scored ones follow in their first order.
   *
   * @param exclude an item left out of the query's expansion (leave-one-out evaluation), or null
   */
  public List<Hit> rerank(LearnedRanking ranking, float[] query, List<Hit> first, int candidates, int k,
      float minScore, String exclude) throws IOException {
    RankFeatures.Query q = features.prepare(query, exclude);
    return rescore(v -> (float) ranking.score(features.of(q, v)), first, candidates, k, minScore);
  }

  /** An item's score through the projection: the cosine of the projected (unit) query and item. */
  private static Scorer projected(Projection projection, float[] query) {
    float[] q = projection.apply(query);
    return v -> Vectors.dot(q, projection.apply(v));
  }

  /** The score of an item's raw stored vector. */
  @FunctionalInterface
  private interface Scorer {
    float score(float[] vector);
  }

  private List<Hit> rescore(Scorer scorer, List<Hit> first, int candidates, int k, float minScore)
      throws IOException {
    int n = Math.min(Math.min(candidates, MAX_CANDIDATES), first.size());
    List<Hit> scored = new ArrayList<>(n);
    for (Hit h : first.subList(0, n)) {
      float[] v = store.vector(h.id()).orElse(null);
      if (v == null) continue; // deleted since the first search
      float s = scorer.score(v);
      scored.add(new Hit(0, h.id(), h.path(), s, 1 - s, h.metadata()));
    }
    scored.sort(Comparator.comparingDouble((Hit h) -> -h.score()).thenComparing(Hit::id));
    scored.addAll(first.subList(n, first.size()));
    List<Hit> out = new ArrayList<>(Math.min(k, scored.size()));
    for (Hit h : scored) {
      if (out.size() == k) break;
      if (h.score() < minScore) continue;
      out.add(new Hit(out.size() + 1, h.id(), h.path(), h.score(), h.distance(), h.metadata()));
    }
    return out;
  }
}
