package dev.loupe.core.dba;

import dev.loupe.core.query.Vectors;
import java.util.List;

/**
 * Database-side augmentation (DBA; Arandjelović and Zisserman 2012, with the alpha-QE weights of Radenović et
 * al. 2018): an item is searched as the weighted mean of its own vector (weight 1) and its top gallery
 * neighbours' vectors (weight {@code max(score, 0)^alpha}), the same weights as query expansion. Like query
 * expansion on the query side, it pulls each stored vector toward the dense part of its neighbourhood, so two
 * views of one kind of thing meet even when their own vectors disagree.
 *
 * <p>Weights are similarities clipped at 0: under a distance metric whose scores are negative (L1, L2) every
 * neighbour weighs 0 and the item keeps its own vector. The mean is taken over the raw vectors; an index that
 * centres compares it after centring, like any stored vector. Unit-length embedders get a unit vector back;
 * others the weighted mean itself, so the scale stays.
 */
public final class DatabaseAugmentation {
  private DatabaseAugmentation() {}

  /**
   * The augmented vector of one item.
   *
   * @param self the item's own raw vector
   * @param neighbours its nearest gallery neighbours, best first, never the item itself; the first {@code top}
   *     are used
   * @param top how many neighbours to use
   * @param alpha weight exponent
   * @param unit whether the embedder's vectors are unit length
   */
  public static float[] augment(float[] self, List<Neighbour> neighbours, int top, double alpha, boolean unit) {
    float[] sum = self.clone();
    double total = 1;
    for (Neighbour n : neighbours.subList(0, Math.min(top, neighbours.size()))) {
      if (n.vector().length != sum.length) {
        throw new IllegalArgumentException("neighbour '" + n.id() + "' has " + n.vector().length
            + " dimensions, the item " + sum.length);
      }
      float w = (float) Math.pow(Math.max(n.score(), 0), alpha);
      for (int i = 0; i < sum.length; i++) sum[i] += w * n.vector()[i];
      total += w;
    }
    if (unit) return Vectors.normalizeInPlace(sum);
    for (int i = 0; i < sum.length; i++) sum[i] /= (float) total;
    return sum;
  }
}
