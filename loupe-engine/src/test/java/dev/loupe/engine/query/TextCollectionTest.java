package dev.loupe.engine.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.loupe.core.query.Hit;
import dev.loupe.core.query.Vectors;
import dev.loupe.onnx.ModelPaths;
import dev.loupe.onnx.OnnxTextEmbedder;
import dev.loupe.onnx.TextModelCatalog;
import dev.loupe.testing.ClipFixture;
import dev.loupe.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Image → text ranking over texts embedded by the fixture tower, against cosines computed here. */
class TextCollectionTest {
  @Test
  void scoresAreCosinesAndRowsKeepTheirColumns(@TempDir Path tmp) {
    Path models = ClipFixture.writeSpecs(tmp.resolve("models"));
    ModelPaths paths = new ModelPaths(List.of(models, SharedData.models()), models);
    List<TextRow> rows = List.of(new TextRow("1", "blue denim jacket", Map.of("brand", "A")),
        new TextRow("2", "black leather boots", Map.of()), new TextRow("3", "a pink lotus", Map.of("brand", "C")));
    try (OnnxTextEmbedder tower = TextModelCatalog.load(paths).openForImageModel(ClipFixture.IMAGE, 1)) {
      TextCollection c = TextCollection.embed(tower, rows, 10);
      float[] query = tower.embedText("a jacket");
      query[0] += 0.3f; // some vector that is not one of the texts'
      List<Hit> hits = c.rank(query, 3);
      assertEquals(3, hits.size());
      for (Hit h : hits) {
        float cosine = Vectors.cosine(query, tower.embedText(c.row(h.id()).text()));
        assertEquals(cosine, h.score(), 1e-5, h.id());
        assertEquals(c.row(h.id()).metadata(), h.metadata());
      }
      assertEquals(1, c.rank(query, 1).size());
      assertThrows(IllegalArgumentException.class, () -> TextCollection.embed(tower, rows, 2), "bound");
      assertThrows(IllegalArgumentException.class, () -> TextCollection.embed(tower, List.of(), 2), "empty");
    }
  }
}
