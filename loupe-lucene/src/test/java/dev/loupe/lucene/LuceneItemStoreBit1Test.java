package dev.loupe.lucene;

import dev.loupe.core.index.VectorFormat;

/** The store contract with the graph searched on bit1 vectors ({@link VectorFormat#BIT1}). */
class LuceneItemStoreBit1Test extends VectorFormatStoreTestCase {
  @Override
  VectorFormat format() {
    return VectorFormat.BIT1;
  }

  @Override
  int bitsPerDimension() {
    return 1;
  }
}
