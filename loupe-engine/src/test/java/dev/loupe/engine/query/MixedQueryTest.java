package dev.loupe.engine.query;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.query.Vectors;
import dev.loupe.onnx.ModelPaths;
import dev.loupe.onnx.OnnxTextEmbedder;
import dev.loupe.onnx.TextModelCatalog;
import dev.loupe.testing.ClipFixture;
import dev.loupe.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rclip's query arithmetic: parsing, and the vector on the fixture's text tower (random weights: plumbing). */
class MixedQueryTest {

  @Test
  void minusAndPlusAtAWordsStartMakeTerms() {
    assertEquals(List.of(new MixedQuery.Term("sneakers", 1), new MixedQuery.Term("white", -1)),
        MixedQuery.parse("sneakers -white").terms());
    assertEquals(List.of(new MixedQuery.Term("red t-shirt", 1)), MixedQuery.parse("red t-shirt").terms(), "no word start");
    assertEquals(List.of(new MixedQuery.Term("beach at dusk", 1), new MixedQuery.Term("people", -0.5),
        new MixedQuery.Term("sunset", 2)), MixedQuery.parse("beach at dusk -people:0.5 +sunset:2").terms());
    assertEquals(List.of(new MixedQuery.Term("ratio 16:9 screen", 1)), MixedQuery.parse("ratio 16:9 screen").terms());
    assertTrue(MixedQuery.parse("a watch").plain());
    assertThrows(IllegalArgumentException.class, () -> MixedQuery.parse("  "));
  }

  @Test
  void theVectorIsTheNormalisedWeightedSumOfUnitVectors(@TempDir Path tmp) {
    Path models = ClipFixture.writeSpecs(tmp.resolve("models"));
    ModelPaths paths = new ModelPaths(List.of(models, SharedData.models()), models);
    try (OnnxTextEmbedder tower = TextModelCatalog.load(paths).openForImageModel(ClipFixture.IMAGE, 1)) {
      float[] sneakers = tower.embedText("sneakers");
      float[] white = tower.embedText("white");
      float[] image = new float[ClipFixture.DIMENSION];
      image[3] = 5; // not unit length: the sum uses its direction only
      float[] expected = new float[sneakers.length];
      for (int i = 0; i < expected.length; i++) expected[i] = sneakers[i] - 0.5f * white[i] + 2f * (i == 3 ? 1 : 0);
      Vectors.normalizeInPlace(expected);
      float[] got = MixedQuery.parse("sneakers -white:0.5").vector(tower, image, 2);
      assertArrayEquals(expected, got, 1e-5f);
      assertEquals(1, Vectors.norm(got), 1e-5);
      assertArrayEquals(sneakers, MixedQuery.parse("sneakers").vector(tower, null, 0), 1e-6f, "a plain text is itself");
      assertThrows(IllegalArgumentException.class, () -> MixedQuery.parse("cat -cat").vector(tower, null, 0));
    }
  }
}
