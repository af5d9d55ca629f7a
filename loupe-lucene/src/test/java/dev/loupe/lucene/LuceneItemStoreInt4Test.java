package dev.loupe.lucene;

import dev.loupe.core.index.VectorFormat;

/** The store contract with the graph searched on int4 vectors ({@link VectorFormat#INT4}). */
class LuceneItemStoreInt4Test extends VectorFormatStoreTestCase {
  @Override
  VectorFormat format() {
    return VectorFormat.INT4;
  }

  @Override
  int bitsPerDimension() {
    return 4;
  }
}
