package dev.loupe.lucene;

import dev.loupe.core.index.IndexSpec;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.util.quantization.QuantizedByteVectorValues.ScalarEncoding;

/**
 * The default codec with Loupe's vector format: HNSW with the index's graph parameters and vector format
 * (float or scalar-quantized) and room for more than 1024 dimensions.
 *
 * <p>The writer must always use this codec, not only when documents are added: merges write new segments and
 * check the dimension limit again. It keeps the default codec's name, so segments record a codec that plain
 * Lucene resolves; reading needs nothing from this class.
 */
final class LoupeCodec extends FilterCodec {
  private final KnnVectorsFormat vectors;

  LoupeCodec(IndexSpec.HnswParams hnsw) {
    super(Codec.getDefault().getName(), Codec.getDefault());
    KnnVectorsFormat graph = switch (hnsw.vectorFormat()) {
      case FLOAT -> new Lucene99HnswVectorsFormat(hnsw.maxConn(), hnsw.beamWidth());
      // Scalar quantization; raw floats are kept too, so exact scans and the exact re-ranking stay exact.
      case INT8 -> quantized(ScalarEncoding.UNSIGNED_BYTE, hnsw);
      case INT4 -> quantized(ScalarEncoding.PACKED_NIBBLE, hnsw);
      // Asymmetric: documents at 1 bit, the query at 4, which ranks candidates far better than 1 bit each.
      case BIT1 -> quantized(ScalarEncoding.SINGLE_BIT_QUERY_NIBBLE, hnsw);
    };
    KnnVectorsFormat wide = new HighDimensionVectorsFormat(graph);
    this.vectors = new PerFieldKnnVectorsFormat() {
      @Override
      public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
        return wide;
      }
    };
  }

  private static KnnVectorsFormat quantized(ScalarEncoding encoding, IndexSpec.HnswParams hnsw) {
    return new Lucene104HnswScalarQuantizedVectorsFormat(encoding, hnsw.maxConn(), hnsw.beamWidth());
  }

  @Override
  public KnnVectorsFormat knnVectorsFormat() {
    return vectors;
  }
}
