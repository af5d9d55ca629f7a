package dev.loupe.testing;

import dev.loupe.core.query.Metric;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Exhaustive top-k search under any {@link Metric}: the reference that approximate search is checked against.
 * Ties on distance are broken by the order candidates were offered, so results are deterministic.
 */
public final class ExactSearch {

  /** A candidate's position (as offered) and its distance to the query. */
  public record Scored(int ordinal, float distance) {}

  private static final Comparator<Scored> WORST_FIRST =
      Comparator.comparingDouble(Scored::distance).thenComparingInt(Scored::ordinal).reversed();

  private final float[] query;
  private final Metric metric;
  private final int k;
  private final PriorityQueue<Scored> heap;

  public ExactSearch(float[] query, Metric metric, int k) {
    if (k < 1) throw new IllegalArgumentException("k must be at least 1, got: " + k);
    this.query = query.clone();
    this.metric = metric;
    this.k = k;
    this.heap = new PriorityQueue<>(k + 1, WORST_FIRST);
  }

  /** Offers the candidate with the given ordinal; returns its distance. */
  public float offer(int ordinal, float[] vector) {
    float d = metric.distance(query, vector);
    if (Float.isNaN(d)) return d;
    if (heap.size() < k) {
      heap.add(new Scored(ordinal, d));
    } else if (WORST_FIRST.compare(new Scored(ordinal, d), heap.peek()) > 0) {
      heap.poll();
      heap.add(new Scored(ordinal, d));
    }
    return d;
  }

  /** The best candidates so far, closest first. */
  public List<Scored> results() {
    List<Scored> out = new ArrayList<>(heap);
    out.sort(WORST_FIRST.reversed());
    return out;
  }

  /** Top-k of a list of vectors; ordinals are list positions. */
  public static List<Scored> topK(List<float[]> vectors, float[] query, Metric metric, int k) {
    ExactSearch search = new ExactSearch(query, metric, k);
    for (int i = 0; i < vectors.size(); i++) search.offer(i, vectors.get(i));
    return search.results();
  }
}
