package dev.loupe.engine.rerank;

import dev.loupe.core.index.ItemStore;
import dev.loupe.core.query.Centering;
import dev.loupe.core.query.Hit;
import dev.loupe.core.query.Metric;
import dev.loupe.core.query.SearchRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Re-ranks the top candidates of a search with {@link KReciprocal}, comparing the items as the store does (its
 * metric, centred on the request's or the index's committed mean). Per query it reads the R candidates' own
 * vectors ({@link ItemStore#vector}: view 0, not augmented views) and computes (R + 1)^2 / 2 distances; hits past
 * the first R keep their order after the re-ranked ones. Hits keep their scores: the order changes, not what
 * the metric says about each item.
 */
public final class Reranking {
  private final ItemStore store;
  private final Metric metric;
  private final Centering centering;
  private final KReciprocal method;

  public Reranking(ItemStore store, SearchRequest request, KReciprocal method) throws IOException {
    this.store = store;
    this.metric = request.metric() != null ? request.metric() : store.spec().metric();
    this.centering = request.centering() != null ? request.centering()
        : store.searchCentering().orElse(null);
    this.method = method;
  }

  /**
   * The hits with their first {@code candidates} re-ordered by the re-ranked distance (ties by the original
   * order), the rest after them.
   */
  public List<Hit> rerank(float[] query, List<Hit> hits, int candidates) throws IOException {
    // A hit deleted (and committed) between the search and this read has no vector any more: it is dropped, as a
    // search made a moment later would not have found it.
    List<Hit> present = new ArrayList<>(hits.size());
    List<float[]> vectors = new ArrayList<>();
    for (Hit h : hits) {
      if (vectors.size() == candidates) {
        present.add(h);
        continue;
      }
      // The vectors searches compared (augmented under DBA), as evaluation re-ranks the augmented gallery.
      java.util.Optional<float[]> v = store.searchedVector(h.id());
      if (v.isEmpty()) continue;
      present.add(h);
      vectors.add(prepare(v.get()));
    }
    hits = present;
    int r = vectors.size();
    float[][] points = new float[r + 1][];
    points[0] = prepare(query);
    for (int i = 0; i < r; i++) points[i + 1] = vectors.get(i);
    double[] distance = method.distances(points, metric);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < r; i++) order.add(i);
    order.sort(Comparator.comparingDouble((Integer i) -> distance[i]).thenComparing(i -> i));
    List<Hit> out = new ArrayList<>(hits.size());
    for (int i : order) out.add(hits.get(i));
    out.addAll(hits.subList(r, hits.size()));
    return out;
  }

  private float[] prepare(float[] v) {
    return centering == null ? v : centering.apply(v);
  }
}
