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
   * @param dbaTop database-side augmentation: each item is searched as the weighted mean of its own vector and
   *     its {@code dbaTop} nearest gallery neighbours' ({@link dev.loupe.core.dba.DatabaseAugmentation}; 0 = off).
   *     Measured in evaluation ({@code loupe eval}, lever {@code dba=N}) and kept up to date by the stores at
   *     each commit ({@link dev.loupe.core.dba.GalleryAugmentation}); not combined with {@code augmentViews}
   * @param dbaAlpha exponent of the neighbours' weights {@code score^dbaAlpha} (0 = plain mean)
   */
  public record Levers(boolean center, int augmentViews, int dbaTop, double dbaAlpha) {
    public static final Levers NONE = new Levers(false, 0);
    /** Gallery-mean centring alone: what a new index of unit vectors compared by cosine or dot gets. */
    public static final Levers CENTRED = new Levers(true, 0);
    /** Bound on {@link #dbaTop}: the augmentation reads that many vectors per item at every change. */
    public static final int MAX_DBA_TOP = 100;
    /** The default exponent, the same as query expansion's ({@code --qe-alpha}). */
    public static final double DEFAULT_DBA_ALPHA = 3.0;

    public Levers {
      if (augmentViews < 0 || augmentViews > 64) {
        throw new IllegalArgumentException("augmentViews must be in 0..64, got: " + augmentViews);
      }
      if (dbaTop < 0 || dbaTop > MAX_DBA_TOP) {
        throw new IllegalArgumentException("dbaTop must be in 0.." + MAX_DBA_TOP + ", got: " + dbaTop);
      }
      if (!Double.isFinite(dbaAlpha) || dbaAlpha < 0) {
        throw new IllegalArgumentException("dbaAlpha must be a number of at least 0, got: " + dbaAlpha);
      }
      if (dbaTop > 0 && augmentViews > 0) {
        // One searched vector per item: an augmented mean of extra views has no single meaning.
        throw new IllegalArgumentException("database-side augmentation (dbaTop) and augmented views"
            + " (augmentViews) cannot be combined");
      }
    }

    /**
     * What a new index gets when nothing is asked: gallery-mean centring for an embedder of unit vectors compared
     * by cosine or dot — it raised mAP on every shared task with the default model (float and int8, exact search;
     * docs/quality.md) for one running sum per index — and no lever otherwise (raw pixels under L1/L2 were not
     * measured with it). Searches of a gallery smaller than {@link GalleryMean#MIN_CENTRED_ITEMS} stay uncentred.
     */
    public static Levers defaultFor(EmbedderDescriptor embedder, Metric metric) {
      return embedder.normalized() && (metric == Metric.COSINE || metric == Metric.DOT) ? CENTRED : NONE;
    }

    /** Levers without database-side augmentation (every spec written before it existed). */
    public Levers(boolean center, int augmentViews) {
      this(center, augmentViews, 0, DEFAULT_DBA_ALPHA);
    }

    public Levers withDba(int top, double alpha) {
      return new Levers(center, augmentViews, top, alpha);
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
