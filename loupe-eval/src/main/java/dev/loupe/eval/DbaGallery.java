package dev.loupe.eval;

import dev.loupe.core.dba.DatabaseAugmentation;
import dev.loupe.core.dba.Neighbour;
import dev.loupe.core.index.ItemStore;
import dev.loupe.core.query.Hit;
import dev.loupe.core.query.Metric;
import dev.loupe.core.query.SearchRequest;
import dev.loupe.core.util.Parallel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A gallery under database-side augmentation, exact: every item's neighbours found by exact search of the raw
 * vectors (the store's metric and centring), one more than used, so that leave-one-out can drop the query from
 * every neighbour list it is in and take the next one, as if the query had never been indexed.
 */
final class DbaGallery {
  private final Map<String, float[]> raw;
  /** Each item's top + 1 neighbours, best first, never itself. */
  private final Map<String, List<Neighbour>> neighbours;
  /** For each item, the items whose top neighbours contain it (whose augmented vectors it is part of). */
  private final Map<String, List<String>> usedBy;
  private final int top;
  private final double alpha;
  private final boolean unit;

  private DbaGallery(Map<String, float[]> raw, Map<String, List<Neighbour>> neighbours, int top, double alpha,
      boolean unit) {
    this.raw = raw;
    this.neighbours = neighbours;
    this.top = top;
    this.alpha = alpha;
    this.unit = unit;
    this.usedBy = new HashMap<>();
    neighbours.forEach((id, list) -> {
      for (Neighbour n : list.subList(0, Math.min(top, list.size()))) {
        usedBy.computeIfAbsent(n.id(), k -> new ArrayList<>()).add(id);
      }
    });
  }

  /** Finds every committed item's neighbours in {@code store} (raw vectors, exact search). */
  static DbaGallery of(ItemStore store, Metric metric, int top, double alpha, boolean unit, int threads)
      throws IOException {
    Map<String, float[]> raw = new LinkedHashMap<>();
    store.forEachVector(raw::put);
    SearchRequest request = SearchRequest.topK(top + 2).withMetric(metric).withExact(true);
    List<String> ids = new ArrayList<>(raw.keySet());
    List<List<Neighbour>> lists = Parallel.map(ids, threads, id -> {
      List<Neighbour> out = new ArrayList<>(top + 1);
      for (Hit h : store.search(raw.get(id), request)) {
        if (!h.id().equals(id) && out.size() <= top) out.add(new Neighbour(h.id(), h.score(), raw.get(h.id())));
      }
      return out;
    });
    Map<String, List<Neighbour>> neighbours = new HashMap<>();
    for (int i = 0; i < ids.size(); i++) neighbours.put(ids.get(i), lists.get(i));
    return new DbaGallery(raw, neighbours, top, alpha, unit);
  }

  /** The augmented vector of an item in the whole gallery. */
  float[] augmented(String id) {
    return DatabaseAugmentation.augment(raw.get(id), neighbours.get(id), top, alpha, unit);
  }

  /**
   * The augmented gallery as leave-one-out searches it for the query {@code left}: its neighbours searched with
   * the vectors they would have without it ({@link #without}).
   */
  ItemStore leftOut(ItemStore augmented, String left) {
    return new OverriddenStore(augmented, without(left));
  }

  /**
   * The augmented vectors that change when {@code left} is left out: those of the items that used it as a
   * neighbour, recomputed with the next neighbour in its place (exact, since each list holds one spare).
   */
  Map<String, float[]> without(String left) {
    Map<String, float[]> out = new HashMap<>();
    for (String id : usedBy.getOrDefault(left, List.of())) {
      List<Neighbour> rest = neighbours.get(id).stream().filter(n -> !n.id().equals(left)).toList();
      out.put(id, DatabaseAugmentation.augment(raw.get(id), rest, top, alpha, unit));
    }
    return out;
  }
}
