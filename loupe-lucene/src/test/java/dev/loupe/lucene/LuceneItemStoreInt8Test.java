package dev.loupe.lucene;

import dev.loupe.core.index.VectorFormat;

/** The store contract with the graph searched on int8 vectors ({@link VectorFormat#INT8}). */
class LuceneItemStoreInt8Test extends VectorFormatStoreTestCase {
  @Override
  VectorFormat format() {
    return VectorFormat.INT8;
  }

  @Override
  int bitsPerDimension() {
    return 8;
  }
}
