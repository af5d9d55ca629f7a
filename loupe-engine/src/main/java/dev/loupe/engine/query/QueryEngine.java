package dev.loupe.engine.query;

import dev.loupe.core.embed.Embedder;
import dev.loupe.core.image.RgbImage;
import dev.loupe.core.index.ItemStore;
import dev.loupe.core.query.Hit;
import dev.loupe.core.query.SearchRequest;
import dev.loupe.core.query.Vectors;
import dev.loupe.engine.rerank.Reranking;
import dev.loupe.image.MultiCrop;
import dev.loupe.image.Views;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The query path shared by the CLI, the Java API and evaluation: query vectors (with test-time augmentation and
 * multi-crop), relevance feedback, query expansion, search, and fusion of several sub-queries into one ranking
 * with each item at most once, and k-reciprocal re-ranking of the top candidates ({@link QueryOptions#rerank}).
 */
public final class QueryEngine {
  /** Rocchio weights (SMART's classic values): original query, mean of liked, mean of disliked items. */
  static final float ROCCHIO_ALPHA = 1f;
  static final float ROCCHIO_BETA = 0.75f;
  static final float ROCCHIO_GAMMA = 0.15f;
  /** Fixed seed of the test-time views, so the same query always gives the same answer. */
  static final long TTA_SEED = 0x10c0;

  private final Embedder embedder;
  private final ItemStore store;

  public QueryEngine(Embedder embedder, ItemStore store) {
    this.embedder = embedder;
    this.store = store;
  }

  /**
   * The vectors of one query image: one per crop ({@link QueryOptions#crops()}), each the normalised mean of the
   * crop's and its {@link QueryOptions#tta()} views' vectors.
   */
  public List<float[]> embed(RgbImage image, QueryOptions options) {
    return embed(embedder, image, options);
  }

  /** The query vectors of an image for any embedder (evaluation computes them once per configuration). */
  public static List<float[]> embed(Embedder embedder, RgbImage image, QueryOptions options) {
    List<RgbImage> crops = options.crops() > 1 ? MultiCrop.crops(image, options.crops()) : List.of(image);
    List<float[]> prepared = new ArrayList<>();
    for (RgbImage crop : crops) {
      prepared.add(embedder.prepare(crop));
      for (RgbImage view : Views.views(crop, options.tta(), TTA_SEED)) prepared.add(embedder.prepare(view));
    }
    float[][] vectors = embedder.embedPrepared(prepared);
    int per = 1 + options.tta();
    List<float[]> out = new ArrayList<>(crops.size());
    for (int c = 0; c < crops.size(); c++) {
      out.add(per == 1 ? vectors[c] : finish(embedder, mean(List.of(vectors).subList(c * per, (c + 1) * per))));
    }
    return out;
  }

  /**
   * Searches with the given sub-query vectors (an empty list is allowed when feedback names liked items) and
   * fuses their rankings: an item's score is its best over the sub-queries.
   */
  public List<Hit> search(List<float[]> subQueries, SearchRequest request, QueryOptions options) throws IOException {
    return search(subQueries, request, options, null);
  }

  /**
   * As {@link #search(List, SearchRequest, QueryOptions)}, leaving one item out of the expansion and of the
   * results: the query's own item when it is part of the gallery (leave-one-out evaluation).
   */
  public List<Hit> search(List<float[]> subQueries, SearchRequest request, QueryOptions options, String exclude)
      throws IOException {
    List<float[]> queries = options.hasFeedback() ? withFeedback(subQueries, options) : subQueries;
    if (queries.isEmpty()) throw new IllegalArgumentException("a query needs an image or --like item ids");
    // Fusing several rankings needs some depth beyond k, or an item ranked k+1 by every crop is lost; the
    // excluded item may take one place.
    // Long arithmetic: a k near Integer.MAX_VALUE must not wrap to a negative depth (the store clamps k to
    // its size, so a large depth allocates nothing).
    long wanted = Math.max(queries.size() > 1 ? 2L * request.k() : request.k(), options.rerank());
    int depth = atMostMaxInt(wanted + (exclude != null ? 1 : 0));
    SearchRequest each = request.withK(depth);
    Map<String, Hit> best = new HashMap<>();
    float[] searched = null; // the first sub-query as finally searched (expanded with qe): re-ranking's query
    for (float[] q : queries) {
      List<Hit> hits;
      float[] last = q;
      if (options.qeTop() > 0) {
        SearchRequest firstRequest = request.withK(Math.max(depth, atMostMaxInt(options.qeTop() + 1L)));
        List<Hit> first = without(store.search(q, firstRequest), exclude);
        if (!first.isEmpty()) last = expand(q, first, options);
        hits = first.isEmpty() ? first : store.search(last, each);
      } else {
        hits = store.search(q, each);
      }
      if (searched == null) searched = last;
      for (Hit h : without(hits, exclude)) best.merge(h.id(), h, (a, b) -> b.score() > a.score() ? b : a);
    }
    List<Hit> fused = new ArrayList<>(best.values());
    fused.sort(Comparator.comparingDouble((Hit h) -> -h.score()).thenComparing(Hit::id));
    if (options.rerank() > 0 && fused.size() > 1) {
      fused = new Reranking(store, request, options.rerankMethod()).rerank(searched, fused, options.rerank());
    }
    List<Hit> out = new ArrayList<>(Math.min(request.k(), fused.size()));
    for (Hit h : fused.subList(0, Math.min(request.k(), fused.size()))) {
      out.add(new Hit(out.size() + 1, h.id(), h.path(), h.score(), h.distance(), h.metadata()));
    }
    return out;
  }

  private static int atMostMaxInt(long n) {
    return (int) Math.min(Integer.MAX_VALUE, n);
  }

  private static List<Hit> without(List<Hit> hits, String exclude) {
    return exclude == null ? hits : hits.stream().filter(h -> !h.id().equals(exclude)).toList();
  }

  /**
   * Alpha query expansion: the query plus its top hits' vectors weighted by score^alpha (the query itself
   * weighs 1), normalised for unit vectors, else divided by the total weight so the query keeps its scale.
   */
  private float[] expand(float[] query, List<Hit> hits, QueryOptions options) throws IOException {
    float[] sum = query.clone();
    float total = 1;
    for (Hit h : hits.subList(0, Math.min(options.qeTop(), hits.size()))) {
      float w = (float) Math.pow(Math.max(h.score(), 0), options.qeAlpha());
      // The vector searches compared (augmented under DBA), as evaluation expands on the augmented gallery.
      float[] v = store.searchedVector(h.id()).orElseThrow();
      for (int i = 0; i < sum.length; i++) sum[i] += w * v[i];
      total += w;
    }
    if (!embedder.descriptor().normalized()) {
      for (int i = 0; i < sum.length; i++) sum[i] /= total;
    }
    return finish(sum);
  }

  /** Rocchio: alpha q + beta mean(liked) - gamma mean(disliked), per sub-query (q = 0 without an image). */
  private List<float[]> withFeedback(List<float[]> queries, QueryOptions options) throws IOException {
    float[] liked = meanOf(options.like());
    float[] disliked = meanOf(options.unlike());
    List<float[]> base = queries.isEmpty() ? List.of(new float[embedder.dimension()]) : queries;
    List<float[]> out = new ArrayList<>();
    // Raw (not unit) vectors keep their scale: divide by the positive weights, so a query made of liked items
    // alone lies on them rather than at 0.75 of their mean.
    float scale = (queries.isEmpty() ? 0 : ROCCHIO_ALPHA) + (liked == null ? 0 : ROCCHIO_BETA);
    for (float[] q : base) {
      float[] r = new float[q.length];
      for (int i = 0; i < r.length; i++) {
        r[i] = ROCCHIO_ALPHA * q[i] + (liked == null ? 0 : ROCCHIO_BETA * liked[i])
            - (disliked == null ? 0 : ROCCHIO_GAMMA * disliked[i]);
        if (!embedder.descriptor().normalized() && scale > 0) r[i] /= scale;
      }
      out.add(finish(r));
    }
    return out;
  }

  private float[] meanOf(List<String> ids) throws IOException {
    if (ids.isEmpty()) return null;
    List<float[]> vectors = new ArrayList<>();
    for (String id : ids) {
      vectors.add(store.vector(id).orElseThrow(() -> new IllegalArgumentException("no item with id '" + id + "' in the index")));
    }
    return finish(mean(vectors));
  }

  private static float[] mean(List<float[]> vectors) {
    float[] sum = new float[vectors.get(0).length];
    for (float[] v : vectors) for (int i = 0; i < sum.length; i++) sum[i] += v[i];
    for (int i = 0; i < sum.length; i++) sum[i] /= vectors.size();
    return sum;
  }

  private float[] finish(float[] v) {
    return finish(embedder, v);
  }

  /** Unit length again when the embedder's vectors are unit length (HNSW dot product needs it). */
  private static float[] finish(Embedder embedder, float[] v) {
    return embedder.descriptor().normalized() ? Vectors.normalizeInPlace(v) : v;
  }
}
