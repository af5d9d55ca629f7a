package dev.loupe.engine.dedup;

/**
 * How {@link Duplicates#find} works.
 *
 * @param threshold lowest score under the index's metric (and centring) that links two near-duplicates;
 *     ignored when {@code exactOnly}
 * @param neighbours neighbours of each item looked at: one search per item for {@code neighbours + 1} hits
 * @param maxItems an index holding more items is refused (one search per item)
 * @param exactOnly only byte-identical files (content hash), no vectors compared
 */
public record DedupOptions(float threshold, int neighbours, int maxItems, boolean exactOnly) {
  public static final int MAX_NEIGHBOURS = 1000;
  /** Neighbours looked at unless asked otherwise: more copies of one picture than this still join through chains. */
  public static final int DEFAULT_NEIGHBOURS = 10;

  public DedupOptions {
    if (!exactOnly && !Float.isFinite(threshold)) {
      throw new IllegalArgumentException("threshold must be a finite number, got: " + threshold);
    }
    if (neighbours < 1 || neighbours > MAX_NEIGHBOURS) {
      throw new IllegalArgumentException("neighbours must be in 1.." + MAX_NEIGHBOURS + ", got: " + neighbours);
    }
    if (maxItems < 1) throw new IllegalArgumentException("maxItems must be at least 1, got: " + maxItems);
  }
}
