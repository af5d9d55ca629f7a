package dev.loupe.engine.explain;

import dev.loupe.core.explain.Attribution;
import dev.loupe.core.explain.ContributionGrid;
import dev.loupe.core.explain.ExplainUnavailableException;
import dev.loupe.core.explain.SpatialEmbedder;
import dev.loupe.core.explain.SpatialFeatures;
import dev.loupe.core.explain.SpatialMapSource;
import dev.loupe.core.image.RgbImage;
import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.query.Hit;
import dev.loupe.core.query.Metric;
import dev.loupe.core.query.Vectors;
import dev.loupe.engine.Loupe;
import dev.loupe.image.ImageDecodeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Explains the hits of an index's searches with similarity heat maps ({@link Attribution}): for each hit, the
 * contribution of each region of the hit to its score against the query, and the reverse. The hit's pixels are
 * read again from its image file (an index keeps paths and vectors, not pixels) and decoded as indexing decodes
 * them. The query is explained as given: a search's test-time views, crops or feedback are not part of it.
 *
 * <p>Opens a second model session with the feature map as an output; close the explainer to free it.
 */
public final class Explainer implements AutoCloseable {
  private final Loupe loupe;
  private final SpatialEmbedder spatial;

  /**
   * @throws ExplainUnavailableException when the index's model has no spatial map, or its metric is not a cosine
   */
  public Explainer(Loupe loupe) throws IOException {
    this.loupe = loupe;
    IndexSpec spec = loupe.spec();
    Metric metric = spec.metric();
    boolean cosine = metric == Metric.COSINE || (metric == Metric.DOT && spec.embedder().normalized());
    if (!cosine) {
      throw new ExplainUnavailableException("heat maps split a cosine score; this index ranks by " + metric);
    }
    this.spatial = SpatialMapSource.of(loupe.embedder(), spec.embedder().name());
  }

  /** The feature map of a query image, computed once for all its hits. */
  public SpatialFeatures query(RgbImage image) {
    return spatial.features(image);
  }

  /** Explains one hit of the query whose map is {@code query}, reading the hit's image from its file. */
  public Explanation explain(SpatialFeatures query, Hit hit) throws ExplainException, IOException {
    return explain(query, hit.id(), decodeHit(hit));
  }

  /**
   * Explains one hit whose pixels the caller already has (a server reads them checked against the item's
   * content hash).
   */
  public Explanation explain(SpatialFeatures query, String hitId, RgbImage hitImage) throws IOException {
    // The committed mean of now: a long-lived explainer sees the index's later commits, as its searches do.
    float[] mean = loupe.store().searchCentering().map(c -> c.mean()).orElse(null);
    SpatialFeatures hitMap = spatial.features(hitImage);
    float[] q = vector(query);
    float[] v = vector(hitMap);
    ContributionGrid hitGrid = Attribution.explain(hitMap, spatial.normalized(), q, mean);
    ContributionGrid queryGrid = Attribution.explain(query, spatial.normalized(), v, mean);
    return new Explanation(hitId, hitGrid, queryGrid, hitGrid.sum());
  }

  /** The embedding the map pools into, as the index stores it. */
  private float[] vector(SpatialFeatures map) {
    float[] p = map.pooled();
    return spatial.normalized() ? Vectors.normalizeInPlace(p) : p;
  }

  private RgbImage decodeHit(Hit hit) throws ExplainException {
    Path file;
    try {
      file = Path.of(hit.path());
    } catch (InvalidPathException e) {
      throw new ExplainException("cannot explain hit " + hit.id() + ": " + hit.path() + " is not a local file", e);
    }
    if (!Files.isRegularFile(file)) {
      throw new ExplainException("cannot explain hit " + hit.id() + ": its image file " + file
          + " is missing (an index keeps paths, not pixels)", null);
    }
    try {
      return loupe.decode(file);
    } catch (ImageDecodeException e) {
      throw new ExplainException("cannot explain hit " + hit.id() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    spatial.close();
  }
}
