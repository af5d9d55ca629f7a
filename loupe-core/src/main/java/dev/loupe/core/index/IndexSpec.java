package dev.loupe.core.index;

import dev.loupe.core.embed.EmbedderDescriptor;
import dev.loupe.core.query.Metric;
import java.util.Objects;

/**
 * What an index holds: the embedder that made its vectors and how they are searched.
 *
 * @param embedder descriptor of the embedder; vectors and queries from any other are refused
 * @param metric default metric; approximate search is available for it when {@link #hnswMetric} allows
 * @param hnsw HNSW graph parameters
 * @param levers retrieval levers that change what is stored or how it is compared
 */
public record IndexSpec(EmbedderDescriptor embedder, Metric metric, HnswParams hnsw, Levers levers) {

  public IndexSpec {
    Objects.requireNonNull(embedder, "embedder");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(hnsw, "hnsw");
    Objects.requireNonNull(levers, "levers");
  }

  public IndexSpec(EmbedderDescriptor embedder, Metric metric, HnswParams hnsw) {
    this(embedder, metric, hnsw, Levers.NONE);
  }

  /**
   * Index-time retrieval levers, fixed when the index is created.
   *
   * @param center gallery-mean centring: vectors and queries are compared after subtracting the mean of the
   *     indexed vectors and re-normalising; the store commits the mean with its items ({@link GalleryMean})
   * @param augmentViews extra augmented views stored per item (0 = none); hits are still one per item
   */
  public record Levers(boolean center, int augmentViews) {
    public static final Levers NONE = new Levers(false, 0);

    public Levers {
      if (augmentViews < 0 || augmentViews > 64) {
        throw new IllegalArgumentException("augmentViews must be in 0..64, got: " + augmentViews);
      }
    }
  }

  /**
   * HNSW graph parameters.
   *
   * @param maxConn neighbours per node (Lucene's M)
   * @param beamWidth candidates kept while building (efConstruction); at least 2, as Lucene fails building a
   *     graph with 1
   * @param vectorFormat the vectors the graph is searched with (float, or scalar-quantized for less memory)
   */
  public record HnswParams(int maxConn, int beamWidth, VectorFormat vectorFormat) {
    public static final HnswParams DEFAULT = new HnswParams(16, 100, VectorFormat.parse(VectorFormat.DEFAULT_NAME));

    public HnswParams {
      if (maxConn < 2 || maxConn > 512) throw new IllegalArgumentException("maxConn must be in 2..512, got: " + maxConn);
      if (beamWidth < 2 || beamWidth > 3200) throw new IllegalArgumentException("beamWidth must be in 2..3200, got: " + beamWidth);
      Objects.requireNonNull(vectorFormat, "vectorFormat");
    }

    /**
     * The parameters as they were before formats had names: {@code quantize} is int8.
     *
     * @param quantize store int8 scalar-quantized vectors for the graph (less memory, slightly lower recall)
     */
    public HnswParams(int maxConn, int beamWidth, boolean quantize) {
      this(maxConn, beamWidth, quantize ? VectorFormat.INT8 : VectorFormat.FLOAT);
    }

    /** Whether the graph is searched with quantized vectors (any format but float). */
    public boolean quantize() {
      return vectorFormat != VectorFormat.FLOAT;
    }

    public HnswParams withVectorFormat(VectorFormat format) {
      return new HnswParams(maxConn, beamWidth, format);
    }
  }
}
