package dev.loupe.lucene;

import dev.loupe.core.index.VectorFormat;

/**
 * The store contract with the graph searched on the float vectors ({@link VectorFormat#FLOAT}): the format of
 * every index written before int4 became the default, run through the whole suite now that the default is not it.
 */
class LuceneItemStoreFloatTest extends VectorFormatStoreTestCase {
  @Override
  VectorFormat format() {
    return VectorFormat.FLOAT;
  }

  @Override
  int bitsPerDimension() {
    return 0; // no quantized copy: the same size as the float index it is compared with
  }
}
