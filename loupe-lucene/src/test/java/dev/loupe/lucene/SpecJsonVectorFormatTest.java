package dev.loupe.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.index.VectorFormat;
import org.junit.jupiter.api.Test;

/** The vector format in the stored spec: named since formats had names, read from "quantize" before that. */
class SpecJsonVectorFormatTest {
  private static final String OLD_INT8 = LuceneItemStoreTest.SPEC_WITHOUT_LEVERS.replace("\"quantize\":false", "\"quantize\":true");

  @Test
  void specsWrittenBeforeNamedFormatsReadAsFloatOrInt8() {
    assertEquals(VectorFormat.FLOAT, SpecJson.read(LuceneItemStoreTest.SPEC_WITHOUT_LEVERS).hnsw().vectorFormat());
    IndexSpec old = SpecJson.read(OLD_INT8);
    assertEquals(VectorFormat.INT8, old.hnsw().vectorFormat());
    assertEquals(new IndexSpec.HnswParams(16, 100, true), old.hnsw());
  }

  @Test
  void everyFormatRoundTripsByNameAndOnlyFloatAndInt8WriteTheOldQuantizeFlag() {
    for (VectorFormat f : VectorFormat.values()) {
      IndexSpec spec = new IndexSpec(LuceneItemStoreTest.SPEC.embedder(), LuceneItemStoreTest.SPEC.metric(),
          LuceneItemStoreTest.SPEC.hnsw().withVectorFormat(f));
      String json = SpecJson.write(spec);
      // An older reader requires "quantize" and takes true as int8: int4 and 1-bit leave it out, so it refuses them.
      String expected = f == VectorFormat.FLOAT || f == VectorFormat.INT8
          ? "\"quantize\":" + (f == VectorFormat.INT8) + ",\"vectorFormat\":\"" + f.label() + "\""
          : "\"beamWidth\":100,\"vectorFormat\":\"" + f.label() + "\"";
      assertTrue(json.contains(expected), json);
      assertEquals(spec, SpecJson.read(json));
    }
  }

  @Test
  void anUnknownFormatNameListsTheValidOnes() {
    String bad = LuceneItemStoreTest.SPEC_WITHOUT_LEVERS.replace("\"quantize\":false", "\"quantize\":true,\"vectorFormat\":\"int2\"");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpecJson.read(bad));
    assertEquals("unknown vector format 'int2'; valid names: float, int8, int4, bit1", e.getMessage());
    assertEquals(VectorFormat.BIT1, VectorFormat.parse("BIT1"));
  }
}
