package dev.loupe.core.dba;

import dev.loupe.core.query.ExactDistance;
import dev.loupe.core.query.Metric;
import dev.loupe.core.util.Parallel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Database-side augmentation kept up to date in a live index: at each commit, the items whose neighbourhoods the
 * batch changed get new neighbour lists and augmented vectors, found by exact search over every raw vector.
 *
 * <p>Exact, not approximate: an item is recomputed when it was put (new or replaced), when its stored list names
 * an item the batch put or deleted, or when an item the batch put ranks before its last stored neighbour (or the
 * list is short of {@code top}); any other item's top neighbours are provably the same, and since augmented
 * vectors are built from raw vectors only, a neighbour's new augmented vector changes nothing two hops away.
 *
 * <p>Neighbours are ranked by the index's metric on the raw vectors, uncentred (score descending, then id), so a
 * list does not go stale when a centred index's mean moves.
 *
 * <p>Cost of a commit: one pass over the gallery per put item (to find whose lists it enters), plus one per item
 * recomputed; O((puts + recomputed) × n × dimension), in parallel. A fresh index built in batches costs
 * O(n² × dimension) in all, hence {@link #MAX_ITEMS}.
 */
public final class GalleryAugmentation {
  /** The largest index a commit augments; beyond it the quadratic cost of exact neighbour search is refused. */
  public static final int MAX_ITEMS = 50_000;

  /** An item's new state: its neighbours and the augmented vector searches use. */
  public record Update(NeighbourList neighbours, float[] augmented) {}

  private final int top;
  private final double alpha;
  private final Metric metric;
  private final boolean unit;
  private final int threads;

  public GalleryAugmentation(int top, double alpha, Metric metric, boolean unit) {
    if (top < 1) throw new IllegalArgumentException("top must be at least 1, got: " + top);
    this.top = top;
    this.alpha = alpha;
    this.metric = metric;
    this.unit = unit;
    this.threads = Runtime.getRuntime().availableProcessors();
  }

  /**
   * The items to rewrite at a commit.
   *
   * @param raw every item's raw vector as the commit will hold it
   * @param stored the neighbour lists stored for the items (items absent count as short lists)
   * @param changed ids put or deleted since the last commit
   * @return new state for every item whose neighbourhood changed, by id
   */
  public Map<String, Update> update(Map<String, float[]> raw, Map<String, NeighbourList> stored, Set<String> changed)
      throws IOException {
    if (changed.isEmpty()) return Map.of();
    if (raw.size() > MAX_ITEMS) {
      throw new IllegalStateException("database-side augmentation keeps exact neighbours and is limited to "
          + MAX_ITEMS + " items; this commit would hold " + raw.size()
          + " (roll back, or rebuild the index without --dba)");
    }
    Set<String> affected = new LinkedHashSet<>();
    List<String> puts = new ArrayList<>();
    for (String id : changed) if (raw.containsKey(id)) puts.add(id);
    affected.addAll(puts);
    List<String> others = new ArrayList<>();
    for (String id : raw.keySet()) if (!changed.contains(id)) others.add(id);
    List<Boolean> reached = Parallel.map(others, threads, id -> {
      NeighbourList list = stored.getOrDefault(id, NeighbourList.EMPTY);
      for (String n : list.ids()) if (changed.contains(n)) return true;
      // A short list takes any new item; a full one only an item ranking before its last neighbour.
      int have = Math.min(list.size(), top);
      if (have < top && have < raw.size() - 1) return true;
      float[] self = raw.get(id);
      for (String p : puts) if (list.beatsLast(similarity(self, raw.get(p)), p)) return true;
      return false;
    });
    for (int i = 0; i < others.size(); i++) if (reached.get(i)) affected.add(others.get(i));
    return recompute(raw, new ArrayList<>(affected));
  }

  /** Every item's state from scratch: what {@link #update} must agree with. */
  public Map<String, Update> all(Map<String, float[]> raw) throws IOException {
    return recompute(raw, new ArrayList<>(raw.keySet()));
  }

  private Map<String, Update> recompute(Map<String, float[]> raw, List<String> ids) throws IOException {
    List<Map.Entry<String, float[]>> gallery = new ArrayList<>(raw.entrySet());
    List<Update> updates = Parallel.map(ids, threads, id -> {
      NeighbourList list = nearest(id, raw.get(id), gallery);
      List<Neighbour> neighbours = new ArrayList<>(list.size());
      float[] scores = list.scores();
      for (int i = 0; i < list.size(); i++) {
        neighbours.add(new Neighbour(list.ids().get(i), scores[i], raw.get(list.ids().get(i))));
      }
      return new Update(list, DatabaseAugmentation.augment(raw.get(id), neighbours, top, alpha, unit));
    });
    Map<String, Update> out = new HashMap<>();
    for (int i = 0; i < ids.size(); i++) out.put(ids.get(i), updates.get(i));
    return out;
  }

  private record Scored(String id, float score) {}

  private static final Comparator<Scored> BEST_FIRST =
      Comparator.comparing(Scored::score).reversed().thenComparing(Scored::id);

  /** The {@code top} nearest other items by exact scan: score descending, ties by id. */
  private NeighbourList nearest(String id, float[] self, List<Map.Entry<String, float[]>> gallery) {
    ExactDistance distance = new ExactDistance(self, metric, null);
    PriorityQueue<Scored> worstFirst = new PriorityQueue<>(BEST_FIRST.reversed());
    for (Map.Entry<String, float[]> e : gallery) {
      if (e.getKey().equals(id)) continue;
      Scored s = new Scored(e.getKey(), metric.score(distance.to(e.getValue())));
      if (worstFirst.size() < top) {
        worstFirst.add(s);
      } else if (BEST_FIRST.compare(s, worstFirst.peek()) < 0) {
        worstFirst.poll();
        worstFirst.add(s);
      }
    }
    List<Scored> best = new ArrayList<>(worstFirst);
    best.sort(BEST_FIRST);
    float[] scores = new float[best.size()];
    for (int i = 0; i < scores.length; i++) scores[i] = best.get(i).score();
    return new NeighbourList(best.stream().map(Scored::id).toList(), scores);
  }

  /** Similarity as {@link #nearest} computes it, so that comparisons with stored scores are exact. */
  private float similarity(float[] self, float[] other) {
    return metric.score(new ExactDistance(self, metric, null).to(other));
  }
}
