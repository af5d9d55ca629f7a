package dev.loupe.lucene;

import java.io.IOException;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;

/**
 * An HNSW vectors format that accepts more than Lucene's default 1024 dimensions (MobileNetV2 gives 1280,
 * ensembles several thousand).
 *
 * <p>Lucene checks the limit only when a document is indexed, through {@link #getMaxDimensions}; the files are
 * the delegate's. This format therefore takes the delegate's registered name, so the per-field format
 * attribute written into each segment names a format that any Lucene finds by SPI: a plain
 * {@code DirectoryReader} with the default codec opens and searches the index.
 */
public final class HighDimensionVectorsFormat extends KnnVectorsFormat {
  /** The largest dimension accepted; beyond any image embedder or ensemble Loupe builds. */
  public static final int MAX_DIMENSIONS = 8192;

  private final KnnVectorsFormat delegate;

  public HighDimensionVectorsFormat(KnnVectorsFormat delegate) {
    super(delegate.getName());
    this.delegate = delegate;
  }

  @Override
  public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
    return delegate.fieldsWriter(state);
  }

  @Override
  public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
    return delegate.fieldsReader(state);
  }

  @Override
  public int getMaxDimensions(String fieldName) {
    return MAX_DIMENSIONS;
  }

  @Override
  public String toString() {
    return "HighDimensionVectorsFormat(maxDimensions=" + MAX_DIMENSIONS + ", delegate=" + delegate + ")";
  }
}
