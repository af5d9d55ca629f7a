package dev.loupe.lucene;

import dev.loupe.core.embed.EmbedderDescriptor;
import dev.loupe.core.query.Centering;
import dev.loupe.core.query.Vectors;
import java.util.Objects;

/** Checks vectors before they reach Lucene, whose own errors do not say which item or embedder is at fault. */
final class VectorChecks {
  private VectorChecks() {}

  /**
   * How far from 1 the norm of a vector from a normalized embedder may be. float32 normalization is exact to
   * about 1e-6; anything beyond 1e-3 is a vector that was never normalized, and a DOT_PRODUCT graph would
   * rank it wrongly.
   */
  static final float UNIT_NORM_TOLERANCE = 1e-3f;

  static void checkQuery(EmbedderDescriptor embedder, float[] query) {
    checkShape(embedder, query, "query");
  }

  static void checkItemVector(EmbedderDescriptor embedder, float[] vector, String id) {
    checkItemView(embedder, vector, id, 0);
  }

  /** Checks view {@code view} of an item (view 0 is the item's own vector). */
  static void checkItemView(EmbedderDescriptor embedder, float[] vector, String id, int view) {
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

  static void checkCentering(EmbedderDescriptor embedder, Centering centering) {
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
