package dev.loupe.bench.vectors;

import java.util.Arrays;

/**
 * The {@code k} best (id, score) pairs seen so far: a min-heap on score, so the weakest kept pair is checked
 * first and most candidates are rejected by one comparison. Ties keep the smaller id, which makes exact ground
 * truth independent of the order the rows are visited in.
 */
final class TopK {
  private final int[] ids;
  private final float[] scores;
  private int size;

  TopK(int k) {
    if (k < 1) throw new IllegalArgumentException("k must be at least 1, got: " + k);
    ids = new int[k];
    scores = new float[k];
  }

  void offer(int id, float score) {
    if (size < ids.length) {
      ids[size] = id;
      scores[size] = score;
      up(size++);
    } else if (better(id, score, ids[0], scores[0])) {
      ids[0] = id;
      scores[0] = score;
      down(0);
    }
  }

  void addAll(TopK other) {
    for (int i = 0; i < other.size; i++) offer(other.ids[i], other.scores[i]);
  }

  /** Ids best first. */
  int[] sortedIds() {
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) order[i] = i;
    // Ids are distinct, so two different entries always order strictly.
    Arrays.sort(order, (a, b) -> a.equals(b) ? 0 : better(ids[a], scores[a], ids[b], scores[b]) ? -1 : 1);
    int[] out = new int[size];
    for (int i = 0; i < size; i++) out[i] = ids[order[i]];
    return out;
  }

  private static boolean better(int id, float score, int otherId, float otherScore) {
    return score > otherScore || score == otherScore && id < otherId;
  }

  private void up(int i) {
    while (i > 0) {
      int parent = (i - 1) / 2;
      if (!better(ids[parent], scores[parent], ids[i], scores[i])) return;
      swap(i, parent);
      i = parent;
    }
  }

  private void down(int i) {
    while (true) {
      int l = 2 * i + 1;
      int r = l + 1;
      int worst = i;
      if (l < size && better(ids[worst], scores[worst], ids[l], scores[l])) worst = l;
      if (r < size && better(ids[worst], scores[worst], ids[r], scores[r])) worst = r;
      if (worst == i) return;
      swap(i, worst);
      i = worst;
    }
  }

  private void swap(int a, int b) {
    int id = ids[a];
    ids[a] = ids[b];
    ids[b] = id;
    float s = scores[a];
    scores[a] = scores[b];
    scores[b] = s;
  }
}
