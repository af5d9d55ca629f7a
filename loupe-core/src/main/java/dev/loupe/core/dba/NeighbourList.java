package dev.loupe.core.dba;

import java.util.List;
import java.util.Objects;

/**
 * The neighbours a live index stored for one item under database-side augmentation, best first: what its
 * augmented vector was built from, kept so that the next commit can tell whether a change reaches the item.
 *
 * @param ids the neighbours' item ids, never the item itself
 * @param scores their similarities to the item (raw vectors, the index's metric), same order
 */
public record NeighbourList(List<String> ids, float[] scores) {
  public NeighbourList {
    ids = List.copyOf(ids);
    scores = scores.clone();
    if (ids.size() != scores.length) {
      throw new IllegalArgumentException(ids.size() + " neighbour ids but " + scores.length + " scores");
    }
  }

  public static final NeighbourList EMPTY = new NeighbourList(List.of(), new float[0]);

  @Override
  public float[] scores() {
    return scores.clone();
  }

  public int size() {
    return ids.size();
  }

  /** Whether a candidate with this score and id ranks before the last neighbour (score descending, id ascending). */
  boolean beatsLast(float score, String id) {
    int last = ids.size() - 1;
    return score > scores[last] || (score == scores[last] && id.compareTo(ids.get(last)) < 0);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NeighbourList n && ids.equals(n.ids) && java.util.Arrays.equals(scores, n.scores);
  }

  @Override
  public int hashCode() {
    return Objects.hash(ids, java.util.Arrays.hashCode(scores));
  }
}
