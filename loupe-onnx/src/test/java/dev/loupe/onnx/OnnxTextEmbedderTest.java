package dev.loupe.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.embed.TextEmbedder;
import dev.loupe.core.query.Vectors;
import dev.loupe.testing.BaseTextEmbedderTestCase;
import dev.loupe.testing.ClipFixture;
import dev.loupe.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLIP-shaped fixture text tower (random weights) through the text-embedder contract, opened the way a
 * search opens it: by the image model an index records.
 */
class OnnxTextEmbedderTest extends BaseTextEmbedderTestCase {
  @TempDir static Path specs;

  static TextModelCatalog catalog() {
    ClipFixture.writeSpecs(specs);
    return TextModelCatalog.load(new ModelPaths(List.of(specs, SharedData.models()), specs));
  }

  @Override
  protected TextEmbedder newTextEmbedder() {
    return catalog().openForImageModel(ClipFixture.IMAGE, 1);
  }

  @Override
  protected int internalMaxBatch() {
    return OnnxTextEmbedder.MAX_BATCH;
  }

  @Override
  protected float tolerance() {
    // ONNX Runtime picks kernels by batch size; results agree to float rounding, not bit for bit.
    return 1e-4f;
  }

  @Test
  void fixtureTowerHasTheExportShapesAndFeedsTheMask() {
    OnnxTextEmbedder e = (OnnxTextEmbedder) textEmbedder();
    assertEquals(ClipFixture.DIMENSION, e.dimension());
    assertEquals(ClipFixture.IMAGE, e.imageEmbedder());
    assertTrue(e.descriptor().fingerprint().get("input").contains("attention_mask"), e.descriptor().fingerprint().toString());
  }

  @Test
  void textAndImageVectorsShareOneSpace() {
    // The paired image tower's vectors have the text tower's dimension, so a cosine between them is defined.
    try (OnnxImageEmbedder image = ModelCatalog.load(new ModelPaths(List.of(specs, SharedData.models()), specs))
        .open(ClipFixture.IMAGE, 1)) {
      float[] v = image.embed(dev.loupe.testing.BaseEmbedderTestCase.rgb(SharedData.caltechTest().resolve("lotus/image_0003.jpg")));
      assertEquals(textEmbedder().dimension(), v.length);
      assertEquals(1.0, Vectors.norm(v), 1e-4);
    }
  }

  @Test
  void anImageModelWithoutTextTowerFailsSayingHowToGetOne() {
    ModelLoadException e = assertThrows(ModelLoadException.class,
        () -> catalog().openForImageModel("mobilenetv2-tf2-ptq", 1));
    assertTrue(e.getMessage().contains("no text tower") && e.getMessage().contains("CLIP"), e.getMessage());
  }

  @Test
  void aWrongTensorNameFailsNamingTheGraphsInputs(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("bad.text.json"), """
        {"name": "bad", "file": "clip-tiny-fixture/text_model.onnx", "imageModel": "clip-tiny",
         "tokenizer": "clip-tokenizer/tokenizer.json", "inputIds": "tokens"}
        """);
    TextModelCatalog c = TextModelCatalog.load(new ModelPaths(List.of(dir, SharedData.models()), dir));
    ModelLoadException e = assertThrows(ModelLoadException.class, () -> c.open(c.find("bad").orElseThrow(), 1));
    assertTrue(e.getMessage().contains("'tokens'") && e.getMessage().contains("input_ids"), e.getMessage());
  }

  @Test
  void aChecksumMismatchIsRefused(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("sum.text.json"), """
        {"name": "sum", "file": "clip-tiny-fixture/text_model.onnx", "imageModel": "clip-tiny",
         "tokenizer": "clip-tokenizer/tokenizer.json", "sha256": "%s"}
        """.formatted("0".repeat(64)));
    TextModelCatalog c = TextModelCatalog.load(new ModelPaths(List.of(dir, SharedData.models()), dir));
    ModelLoadException e = assertThrows(ModelLoadException.class, () -> c.open(c.find("sum").orElseThrow(), 1));
    assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
  }

  @Test
  void builtInTextTowersPairWithCatalogueImageModels() {
    List<TextModelSpec> builtIn = TextModelCatalog.builtIn();
    assertTrue(builtIn.stream().anyMatch(s -> s.imageModel().equals("clip-vit-b32") && s.contextLength() == 77));
    for (TextModelSpec s : builtIn) assertTrue(s.sha256() != null && s.url() != null, s.name() + " pins its file");
    // Every text tower pairs with an image model the built-in catalogue really has (and pulls its file with it).
    List<ModelSpec> images = ModelCatalog.builtIn();
    for (TextModelSpec s : builtIn) {
      ModelSpec image = images.stream().filter(i -> i.name().equals(s.imageModel())).findFirst()
          .orElseThrow(() -> new AssertionError(s.name() + " pairs with unknown image model " + s.imageModel()));
      assertTrue(image.downloads().stream().anyMatch(d -> d.file().equals(s.file())),
          image.name() + " downloads its text tower " + s.file());
    }
  }
}
