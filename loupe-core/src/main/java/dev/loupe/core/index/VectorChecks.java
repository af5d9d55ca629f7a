package dev.loupe.core.index;

import dev.loupe.core.embed.EmbedderDescriptor;
import dev.loupe.core.query.Centering;
import dev.loupe.core.query.Vectors;
import java.util.List;
import java.util.Objects;

/**
 * Checks vectors before a store takes them, shared by every {@link ItemStore} so that all refuse the same
 * input with the same message: a wrong length, a non-finite component, or (for a normalized embedder) a vector
 * that is not of unit length. A backend's own errors would not say which item or embedder is at fault.
 */
public final class VectorChecks {
  private VectorChecks() {}

  /**
   * How far from 1 the norm of a vector from a normalized embedder may be. float32 normalization is exact to
   * about 1e-6; anything beyond 1e-3 is a vector that was never normalized, and a DOT_PRODUCT graph would
   * rank it wrongly.
   */
  public static final float UNIT_NORM_TOLERANCE = 1e-3f;

  /** A query may have any length (rankings under cosine, dot and L2 against unit vectors ignore it). */
  public static void checkQuery(EmbedderDescriptor embedder, float[] query) {
    checkShape(embedder, query, "query");
  }

  /**
   * Checks an item's views for {@link ItemStore#put}: at least one, at most {@code 1 + augmentViews}, each of the
   * right shape.
   */
  public static void checkItem(IndexSpec spec, Item item, List<float[]> views) {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(views, "views");
    int most = 1 + spec.levers().augmentViews();
    if (views.isEmpty()) throw new IllegalArgumentException("item '" + item.id() + "' has no vector");
    if (views.size() > most) {
      // A graph's candidate pool is sized by the views per item: more would crowd out other items.
      throw new IllegalArgumentException("item '" + item.id() + "' has " + views.size() + " views but this index"
          + " stores at most " + most + " (its own vector and levers.augmentViews = "
          + spec.levers().augmentViews() + " extra views)");
    }
    for (int view = 0; view < views.size(); view++) checkItemView(spec.embedder(), views.get(view), item.id(), view);
  }

  /** Checks view {@code view} of an item (view 0 is the item's own vector). */
  public static void checkItemView(EmbedderDescriptor embedder, float[] vector, String id, int view) {
    String what = (view == 0 ? "vector" : "view " + view) + " of item '" + id + "'";
    checkShape(embedder, vector, what);
    if (embedder.normalized()) {
      float norm = Vectors.norm(vector);
      if (Math.abs(norm - 1f) > UNIT_NORM_TOLERANCE) {
        throw new IllegalArgumentException(what + " has norm " + norm + " but embedder " + embedder.name()
            + " is declared normalized (unit vectors)");
      }
    }
  }

  public static void checkCentering(EmbedderDescriptor embedder, Centering centering) {
    checkShape(embedder, centering.mean(), "centring mean");
  }

  private static void checkShape(EmbedderDescriptor embedder, float[] vector, String what) {
    Objects.requireNonNull(vector, what);
    if (vector.length != embedder.dimension()) {
      throw new IllegalArgumentException(what + " has " + vector.length + " dimensions but the index's embedder "
          + embedder.name() + " has " + embedder.dimension());
    }
    for (int i = 0; i < vector.length; i++) {
      if (!Float.isFinite(vector[i])) {
        throw new IllegalArgumentException(what + " has a non-finite value at component " + i + ": " + vector[i]);
      }
    }
  }
}
