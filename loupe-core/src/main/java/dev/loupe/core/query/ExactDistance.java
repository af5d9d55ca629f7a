package dev.loupe.core.query;

/**
 * The exact distance from one query to stored vectors under a metric, optionally after gallery-mean centring:
 * {@link Metric#distance} on the query and the stored vector, both passed through {@link Centering#apply} when
 * centring. Every store ranks by it (a backend may skip vectors with a faster bound, but a hit's distance is
 * always this one), so two stores holding the same items give the same scores and the same order.
 */
public final class ExactDistance {
  private final Metric metric;
  private final Centering centering;
  /** The query as compared: centred and re-normalised when centring. */
  private final float[] query;

  public ExactDistance(float[] query, Metric metric, Centering centering) {
    this.metric = metric;
    this.centering = centering;
    this.query = centering == null ? query.clone() : centering.apply(query);
  }

  public Metric metric() {
    return metric;
  }

  /** The centring applied, or null. */
  public Centering centering() {
    return centering;
  }

  /** The query as compared (centred when centring); a copy. */
  public float[] query() {
    return query.clone();
  }

  /** The distance to a stored vector as stored (centred here when centring); the vector is not kept. */
  public float to(float[] stored) {
    return metric.distance(query, centering == null ? stored : centering.apply(stored));
  }

  /** The distance to a stored vector already passed through this centring (or any vector when none). */
  public float toPrepared(float[] prepared) {
    return metric.distance(query, prepared);
  }
}
