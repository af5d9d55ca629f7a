package dev.loupe.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.query.Hit;
import dev.loupe.core.query.SearchRequest;
import dev.loupe.core.query.Vectors;
import dev.loupe.engine.catalog.CsvCatalog;
import dev.loupe.engine.catalog.SourceScanner;
import dev.loupe.engine.index.IndexListener;
import dev.loupe.engine.query.QueryOptions;
import dev.loupe.testing.ClipFixture;
import dev.loupe.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Loupe#searchText} on real Lucene indexes: the fixture CLIP pair (random weights, plumbing only) and an
 * index whose image model has no text tower, or a text tower that does not fit it.
 */
class TextSearchTest {

  static Loupe indexed(Path tmp, Path models, String model, String photosOf) throws Exception {
    Path photos = Files.createDirectories(tmp.resolve("photos-" + model));
    for (Path f : SharedData.filesUnder(SharedData.caltechTrain().resolve(photosOf)).subList(0, 5)) {
      Files.copy(f, photos.resolve(f.getFileName()));
    }
    LoupeConfig config = LoupeConfig.defaults().withModelDirs(List.of(models, SharedData.models())).withModel(model);
    Loupe loupe = Loupe.openOrCreate(tmp.resolve("idx-" + model), config);
    loupe.index(new SourceScanner(new CsvCatalog("id", "image"), Map.of()).scan(List.of(photos)), IndexListener.NONE);
    return loupe;
  }

  @Test
  void aTextQueryRanksByTheCosineOfTextAndStoredImageVectors(@TempDir Path tmp) throws Exception {
    Path models = ClipFixture.writeSpecs(tmp.resolve("models"));
    try (Loupe loupe = indexed(tmp, models, ClipFixture.IMAGE, "watch")) {
      List<Hit> hits = loupe.searchText("a silver wrist watch", SearchRequest.topK(5));
      assertEquals(5, hits.size());
      float[] text = loupe.textEmbedder().embedText("a silver wrist watch");
      for (Hit h : hits) {
        assertEquals(Vectors.dot(text, loupe.store().vector(h.id()).orElseThrow()), h.score(), 1e-4, h.id());
      }
      // Feedback composes with a text query through the one query path: liking the last hit lifts it.
      Hit last = hits.get(4);
      List<Hit> liked = loupe.searchText("a silver wrist watch", SearchRequest.topK(5),
          QueryOptions.NONE.withFeedback(List.of(last.id()), List.of()));
      assertTrue(liked.stream().filter(h -> h.id().equals(last.id())).findFirst().orElseThrow().rank() < 5,
          "a liked item moves up: " + liked);
      assertThrows(IllegalArgumentException.class, () -> loupe.searchText(" \t", SearchRequest.topK(5)));
      assertThrows(IllegalArgumentException.class,
          () -> loupe.searchText("a watch", SearchRequest.topK(5), QueryOptions.NONE.withCrops(5)));
    }
  }

  @Test
  void aTextTowerOfAnotherDimensionIsRefusedNamingBoth(@TempDir Path tmp) throws Exception {
    // The fixture's 512-d text tower declared as MobileNetV2's (1280-d) partner: a broken spec, caught on use.
    Path models = Files.createDirectories(tmp.resolve("models"));
    Files.writeString(models.resolve("wrong.text.json"), """
        {"name": "wrong", "file": "clip-tiny-fixture/text_model.onnx", "imageModel": "mobilenetv2-tf2-ptq",
         "tokenizer": "clip-tokenizer/tokenizer.json"}
        """);
    try (Loupe loupe = indexed(tmp, models, "mobilenetv2-tf2-ptq", "lotus")) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> loupe.searchText("a lotus", SearchRequest.topK(3)));
      assertTrue(e.getMessage().contains("512-d") && e.getMessage().contains("1280-d"), e.getMessage());
    }
  }
}
