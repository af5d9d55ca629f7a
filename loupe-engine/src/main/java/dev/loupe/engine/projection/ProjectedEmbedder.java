package dev.loupe.engine.projection;

import dev.loupe.core.embed.Embedder;
import dev.loupe.core.embed.EmbedderDescriptor;
import dev.loupe.core.image.RgbImage;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An embedder followed by a trained {@link Projection}: the base prepares and embeds, then every vector is
 * projected, so the query path, indexing and evaluation need no other change. Its descriptor names the base and the
 * projection's checksum, so an index refuses vectors from the bare base or from another projection of it.
 */
public final class ProjectedEmbedder implements Embedder {
  /** Suffix of the descriptor's name (the index field name changes with the dimension, so the name does too). */
  public static final String SUFFIX = "+projection";

  private final Embedder base;
  private final Projection projection;
  private final EmbedderDescriptor descriptor;

  /** @param checksum identifies the projection (its file's checksum) */
  public ProjectedEmbedder(Embedder base, Projection projection, String checksum) {
    if (base.dimension() != projection.inputDimension()) {
      throw new IllegalArgumentException("the projection takes " + projection.inputDimension() + " dimensions, but "
          + base.descriptor().name() + " makes " + base.dimension());
    }
    this.base = base;
    this.projection = projection;
    Map<String, String> fingerprint = new TreeMap<>();
    base.descriptor().fingerprint().forEach((k, v) -> fingerprint.put("base." + k, v));
    fingerprint.put("base", base.descriptor().name());
    fingerprint.put("projection", checksum);
    this.descriptor = new EmbedderDescriptor(base.descriptor().name() + SUFFIX, projection.outputDimension(), true,
        fingerprint);
  }

  public Embedder base() {
    return base;
  }

  public Projection projection() {
    return projection;
  }

  @Override
  public EmbedderDescriptor descriptor() {
    return descriptor;
  }

  @Override
  public int minInputSide() {
    return base.minInputSide();
  }

  @Override
  public float[] prepare(RgbImage image) {
    return base.prepare(image);
  }

  @Override
  public float[][] embedPrepared(List<float[]> prepared) {
    float[][] raw = base.embedPrepared(prepared);
    float[][] out = new float[raw.length][];
    for (int i = 0; i < raw.length; i++) out[i] = projection.apply(raw[i]);
    return out;
  }

  /** Closes the base: the decorator owns it, as an ensemble owns its members. */
  @Override
  public void close() {
    base.close();
  }
}
