package dev.loupe.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.index.ItemStore;
import dev.loupe.core.index.VectorFormat;
import dev.loupe.testing.BaseItemStoreTestCase;
import dev.loupe.testing.PixelVectors;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole store contract for a Lucene store whose specs ask for one {@link VectorFormat}: every spec the suite
 * creates a store with is given that format. Subclasses name the format and add only their own cases.
 */
abstract class VectorFormatStoreTestCase extends BaseItemStoreTestCase {

  abstract VectorFormat format();

  /** Bits per dimension of the quantized copy the graph is searched with. */
  abstract int bitsPerDimension();

  IndexSpec withFormat(IndexSpec spec) {
    return new IndexSpec(spec.embedder(), spec.metric(), spec.hnsw().withVectorFormat(format()), spec.levers());
  }

  @Override
  protected ItemStore newStore(Path dir, IndexSpec spec) throws IOException {
    return LuceneItemStore.create(dir, withFormat(spec));
  }

  @Override
  protected ItemStore reopen(Path dir) throws IOException {
    return LuceneItemStore.open(dir);
  }

  @Override
  protected ItemStore kill(ItemStore store, Path dir) throws IOException {
    store.rollback();
    store.close();
    return LuceneItemStore.open(dir);
  }

  /**
   * The spec records the format, a reopened store reads it back, and the index holds a quantized copy of that
   * many bits beside the raw floats: it is larger than a float index of the same items by about
   * items x dimensions x bits / 8 (plus Lucene's few per-vector correction bytes).
   */
  @Test
  void theFormatIsRecordedAndWritten(@TempDir Path tmp) throws IOException {
    Path dir = tmp.resolve("index");
    IndexSpec spec = withFormat(UNIT);
    int n = train().size();
    long quantizedSize;
    try (LuceneItemStore store = LuceneItemStore.create(dir, spec)) {
      PixelVectors.putAll(store, train());
      store.forceMerge(1);
      quantizedSize = store.sizeOnDiskBytes();
    }
    long floatSize;
    try (LuceneItemStore store = LuceneItemStore.create(tmp.resolve("float"), withFormatOf(UNIT, VectorFormat.FLOAT))) {
      PixelVectors.putAll(store, train());
      store.forceMerge(1);
      floatSize = store.sizeOnDiskBytes();
    }
    try (LuceneItemStore store = LuceneItemStore.open(dir)) {
      assertEquals(format(), store.spec().hnsw().vectorFormat());
      assertEquals(spec, store.spec());
    }
    long expected = (long) n * UNIT.embedder().dimension() * bitsPerDimension() / 8;
    long extra = quantizedSize - floatSize;
    assertTrue(extra >= expected && extra <= expected + 64L * n + 8192,
        format() + ": " + extra + " bytes more than float, expected about " + expected);
    // Opening with a spec of another format is a mismatch that names both.
    IndexSpec other = withFormatOf(spec, format() == VectorFormat.FLOAT ? VectorFormat.INT8 : VectorFormat.FLOAT);
    SpecMismatchException e = org.junit.jupiter.api.Assertions.assertThrows(SpecMismatchException.class,
        () -> LuceneItemStore.openOrCreate(dir, other).close());
    assertTrue(e.differences().contains("hnsw.vectorFormat " + format().label()), e.differences());
  }

  private static IndexSpec withFormatOf(IndexSpec spec, VectorFormat format) {
    return new IndexSpec(spec.embedder(), spec.metric(), spec.hnsw().withVectorFormat(format), spec.levers());
  }
}
