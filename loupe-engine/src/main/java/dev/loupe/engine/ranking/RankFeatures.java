package dev.loupe.engine.ranking;

import dev.loupe.core.index.GalleryMean;
import dev.loupe.core.index.ItemStore;
import dev.loupe.core.query.Hit;
import dev.loupe.core.query.SearchRequest;
import dev.loupe.core.query.Vectors;
import java.io.IOException;
import java.util.List;

/**
 * The score of one item for one query under each retrieval lever an index has, the features a learned ranking
 * weighs. Every feature is a cosine in [-1, 1] computed from the vectors themselves, so learning (from a stored
 * query vector) and search compute exactly the same numbers:
 *
 * <ul>
 *   <li>{@code cosine}: the raw cosine of query and item;
 *   <li>{@code centred}: the cosine after subtracting the gallery mean (the index's committed mean for a centred
 *       index, else the mean of its vectors);
 *   <li>{@code qe3}, {@code qe10}: the index's own score (centred for a centred index) of the item against the
 *       alpha-QE expansion of the query by its top 3 or 10 hits (alpha {@value #QE_ALPHA}, as {@code --qe}).
 * </ul>
 *
 * <p>Nothing here reads a judgement: relevance feedback from the query's other judged items (Rocchio) would know the
 * labels of the very pairs it is scored on, and no such feature exists for a new query at search time. A new lever
 * (e.g. diffusion or k-reciprocal re-ranking) becomes a feature by a name in {@link #NAMES} and one line in
 * {@link #of}.
 */
public final class RankFeatures {
  public static final List<String> NAMES = List.of("cosine", "centred", "qe3", "qe10");
  static final double QE_ALPHA = 3;
  private static final int QE_SMALL = 3;
  private static final int QE_LARGE = 10;

  private final ItemStore store;
  private final boolean centredIndex;
  /** The mean of an index without the centre lever, computed once per item count (guarded by this). */
  private float[] ownMean;
  private int ownMeanItems = -1;

  public RankFeatures(ItemStore store) {
    this.store = store;
    this.centredIndex = store.spec().levers().center();
  }

  /** The single feature the index ranks by when no ranking was learned: its own score. */
  public String defaultLever() {
    return centredIndex ? "centred" : "cosine";
  }

  /** What one query needs for every feature, computed once per query. */
  public record Query(float[] unit, float[] centred, float[] qeSmall, float[] qeLarge, float[] mean) {}

  /**
   * @param vector the query's plain vector
   * @param exclude an item left out of the expansion (the query's own item in leave-one-out evaluation), or null
   */
  public Query prepare(float[] vector, String exclude) throws IOException {
    float[] mean = mean();
    List<Hit> hits = store.search(vector, SearchRequest.topK(QE_LARGE + 1)).stream()
        .filter(h -> !h.id().equals(exclude)).limit(QE_LARGE).toList();
    return new Query(unit(vector), centre(vector, mean), inIndexSpace(expand(vector, hits, QE_SMALL), mean),
        inIndexSpace(expand(vector, hits, QE_LARGE), mean), mean);
  }

  /** The features of one item, in the order of {@link #NAMES}. */
  public double[] of(Query q, float[] item) {
    float[] unit = unit(item);
    float[] centred = centre(item, q.mean());
    float[] indexSpace = centredIndex ? centred : unit;
    return new double[] {Vectors.dot(q.unit(), unit), Vectors.dot(q.centred(), centred),
        Vectors.dot(q.qeSmall(), indexSpace), Vectors.dot(q.qeLarge(), indexSpace)};
  }

  /** The stored vector of an item, if it is still in the index. */
  public java.util.Optional<float[]> item(String id) throws IOException {
    return store.vector(id);
  }

  /** Alpha-QE as {@code QueryEngine} does it: the query plus its top hits weighted by score^alpha, normalised. */
  private float[] expand(float[] query, List<Hit> hits, int n) throws IOException {
    float[] sum = unit(query);
    for (Hit h : hits.subList(0, Math.min(n, hits.size()))) {
      float w = (float) Math.pow(Math.max(h.score(), 0), QE_ALPHA);
      float[] v = unit(store.vector(h.id()).orElseThrow());
      for (int i = 0; i < sum.length; i++) sum[i] += w * v[i];
    }
    return Vectors.normalizeInPlace(sum);
  }

  private float[] inIndexSpace(float[] v, float[] mean) {
    return centredIndex ? centre(v, mean) : unit(v);
  }

  private synchronized float[] mean() throws IOException {
    var committed = store.galleryMean();
    if (committed.isPresent()) return committed.get().mean();
    int items = store.size();
    if (items != ownMeanItems) {
      double[] total = new double[store.spec().embedder().dimension()];
      long[] count = {0};
      store.forEachVector((id, v) -> {
        for (int i = 0; i < total.length; i++) total[i] += v[i];
        count[0]++;
      });
      ownMean = new GalleryMean(total, count[0]).mean();
      ownMeanItems = items;
    }
    return ownMean;
  }

  private static float[] unit(float[] v) {
    return Vectors.normalizeInPlace(v.clone());
  }

  private static float[] centre(float[] v, float[] mean) {
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) out[i] = v[i] - mean[i];
    return Vectors.normalizeInPlace(out);
  }
}
