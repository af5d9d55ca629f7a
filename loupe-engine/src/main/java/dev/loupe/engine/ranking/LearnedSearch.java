package dev.loupe.engine.ranking;

import dev.loupe.core.index.ItemStore;
import dev.loupe.core.query.Hit;
import dev.loupe.core.query.Metric;
import dev.loupe.core.query.SearchRequest;
import dev.loupe.engine.query.QueryEngine;
import dev.loupe.engine.query.QueryOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Image search with the index's learned ranking ({@link RankingFile}) when it has one: the query path's top
 * candidates ({@value #CANDIDATES}, or k if more, at most {@value #MAX_CANDIDATES}) are scored again by the learned
 * weighting of {@link RankFeatures} and re-sorted. It applies to a plain image query of a cosine index (one vector:
 * no crops, no --tta, no --like/--unlike, no --qe, no --rerank, no other metric): those change the query themselves, and the weights were
 * learned on plain query vectors. The file is re-read when it changes, so a server picks up a new ranking.
 */
public final class LearnedSearch {
  public static final int CANDIDATES = 100;
  public static final int MAX_CANDIDATES = 1000;

  private final Path indexDir;
  private final ItemStore store;
  private final QueryEngine engine;
  private final RankFeatures features;
  /** The ranking file's last state seen (guarded by this). */
  private FileTime stamp;
  private Optional<LearnedRanking> ranking = Optional.empty();

  public LearnedSearch(Path indexDir, ItemStore store, QueryEngine engine) {
    this.indexDir = indexDir;
    this.store = store;
    this.engine = engine;
    this.features = new RankFeatures(store);
  }

  public RankFeatures features() {
    return features;
  }

  /**
   * The ranking searches apply, if any: the file's, when it weighs this Loupe's features and was learned for this
   * index's embedder (a rebuild with another model leaves the file, whose weights then no longer apply).
   */
  public synchronized Optional<LearnedRanking> ranking() throws IOException {
    FileTime now;
    try {
      now = Files.getLastModifiedTime(RankingFile.of(indexDir));
    } catch (NoSuchFileException e) {
      now = null;
    }
    if (now == null) {
      ranking = Optional.empty();
    } else if (!now.equals(stamp)) {
      ranking = RankingFile.read(indexDir).filter(r -> r.matches(RankFeatures.NAMES)
          && r.embedder().equals(store.spec().embedder().name()));
    }
    stamp = now;
    return ranking;
  }

  public List<Hit> search(List<float[]> vectors, SearchRequest request, QueryOptions options) throws IOException {
    Optional<LearnedRanking> r = applies(vectors, request, options) ? ranking() : Optional.empty();
    if (r.isEmpty()) return engine.search(vectors, request, options);
    int depth = Math.max(request.k(), Math.min(MAX_CANDIDATES, Math.max(CANDIDATES, request.k())));
    List<Hit> first = engine.search(vectors, request.withK(depth).withMinScore(Float.NEGATIVE_INFINITY), options);
    return rerank(r.get(), vectors.getFirst(), first, MAX_CANDIDATES, request.k(), request.minScore(), null);
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
    int n = Math.min(Math.min(candidates, MAX_CANDIDATES), first.size());
    List<Hit> scored = new ArrayList<>(n);
    for (Hit h : first.subList(0, n)) {
      float[] v = store.vector(h.id()).orElse(null);
      if (v == null) continue; // deleted since the first search
      float s = (float) ranking.score(features.of(q, v));
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
