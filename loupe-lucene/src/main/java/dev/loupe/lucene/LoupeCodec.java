package dev.loupe.lucene;

import dev.loupe.core.index.IndexSpec;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;

/**
 * The default codec with Loupe's vector format: HNSW with the index's graph parameters and room for more than
 * 1024 dimensions.
 *
 * <p>The writer must always use this codec, not only when documents are added: merges write new segments and
 * check the dimension limit again. It keeps the default codec's name, so segments record a codec that plain
 * Lucene resolves; reading needs nothing from this class.
 */
final class LoupeCodec extends FilterCodec {
  private final KnnVectorsFormat vectors;

  LoupeCodec(IndexSpec.HnswParams hnsw) {
    super(Codec.getDefault().getName(), Codec.getDefault());
    KnnVectorsFormat graph = hnsw.quantize()
        // int8 (UNSIGNED_BYTE) scalar quantization; raw floats are kept too, so exact scans stay exact.
        ? new Lucene104HnswScalarQuantizedVectorsFormat(hnsw.maxConn(), hnsw.beamWidth())
        : new Lucene99HnswVectorsFormat(hnsw.maxConn(), hnsw.beamWidth());
    KnnVectorsFormat wide = new HighDimensionVectorsFormat(graph);
    this.vectors = new PerFieldKnnVectorsFormat() {
      @Override
      public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
        return wide;
      }
    };
  }

  @Override
  public KnnVectorsFormat knnVectorsFormat() {
    return vectors;
  }
}
