package dev.loupe.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.image.RgbImage;
import dev.loupe.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelSpecTest {

  @Test
  void builtInCatalogueCoversEverySharedModelFile() throws Exception {
    List<ModelSpec> specs = ModelCatalog.builtIn();
    assertEquals(ModelCatalog.DEFAULT_MODEL, specs.get(0).name());
    List<Path> onnx = SharedData.filesUnder(SharedData.models()).stream()
        .filter(p -> p.toString().endsWith(".onnx") && !p.toString().contains("text_model"))
        // The random-weight CLIP-shaped fixture is for tests only (ClipFixture writes its spec), never offered to users.
        .filter(p -> !SharedData.models().relativize(p).startsWith("clip-tiny-fixture")).toList();
    assertTrue(onnx.size() >= 4, "the shared image models: " + onnx);
    for (Path f : onnx) {
      String rel = SharedData.models().relativize(f).toString();
      assertTrue(specs.stream().anyMatch(s -> s.file().equals(rel)), "no spec for " + rel);
    }
    // Hub models are not on these machines; HubCatalogTest checks their pins against HUB.md instead.
    for (ModelSpec s : specs.stream().filter(s -> s.url() == null).toList()) {
      Path file = SharedData.models().resolve(s.file());
      assertEquals(s.sha256(), dev.loupe.core.io.Checksums.sha256(file), "pinned checksum of " + s.file());
    }
  }

  @Test
  void userSpecIsParsedWithDefaults(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("mine.loupe.json");
    Files.writeString(f, """
        {"name": "mine", "file": "mine.onnx",
         "input": {"name": "x"},
         "preprocess": {"crop": 224, "size": 256},
         "output": {"name": "y"}}
        """);
    ModelSpec s = ModelCatalog.parse(f);
    assertEquals("NCHW", s.input().layout());
    assertEquals("float32", s.input().dtype());
    assertEquals("bilinear", s.preprocess().interpolation());
    assertEquals("RGB", s.preprocess().channels());
    assertEquals(1.0, s.preprocess().pixelScale());
    assertTrue(s.output().normalize(), "normalize defaults to true");
    ModelCatalog catalog = ModelCatalog.load(new ModelPaths(List.of(dir), dir));
    assertEquals("mine.onnx", catalog.require("mine").file());
  }

  @Test
  void badSpecsNameTheProblem(@TempDir Path dir) throws Exception {
    Path typo = dir.resolve("typo.json");
    Files.writeString(typo, """
        {"name": "t", "file": "t.onnx", "input": {"name": "x"}, "preprocess": {"crop": 224}, "output": {"name": "y"},
         "normalise": true}
        """);
    ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelCatalog.parse(typo));
    assertTrue(e.getMessage().contains("normalise") && e.getMessage().contains("typo.json"), e.getMessage());

    Path layout = dir.resolve("layout.json");
    Files.writeString(layout, """
        {"name": "t", "file": "t.onnx", "input": {"name": "x", "layout": "CHWN"}, "preprocess": {"crop": 224},
         "output": {"name": "y"}}
        """);
    e = assertThrows(ModelLoadException.class, () -> ModelCatalog.parse(layout));
    assertTrue(e.getMessage().contains("input.layout must be NCHW or NHWC, got: CHWN"), e.getMessage());

    assertThrows(IllegalArgumentException.class, () -> new ModelSpec.Preprocess("shorter-side", 200, 224, null, null, 1, null, null));
    assertThrows(IllegalArgumentException.class, () -> new ModelSpec.Output("y", "median", 0, true));
  }

  @Test
  void unknownModelListsKnownOnes() {
    ModelCatalog catalog = ModelCatalog.load(new ModelPaths(List.of(), Path.of("/nonexistent")));
    ModelLoadException e = assertThrows(ModelLoadException.class, () -> catalog.require("resnet-9000"));
    assertTrue(e.getMessage().contains(ModelCatalog.DEFAULT_MODEL), e.getMessage());
  }

  /** value = (pixel * scale - mean) / std per channel, in the spec's channel order and layout. */
  @Test
  void preprocessingFormulaLayoutAndChannelOrder() {
    // A 2x2 image, already the crop size: pixel (x=1, y=0) is pure red 255, the rest (10, 20, 30).
    byte[] rgb = {10, 20, 30, (byte) 255, 0, 0, 10, 20, 30, 10, 20, 30};
    RgbImage img = new RgbImage(2, 2, rgb);
    var bgrCaffe = new ModelSpec.Preprocess("direct", 0, 2, "nearest", "BGR", 1, new double[] {104, 117, 123}, null);
    float[] nchw = new ImagePreprocessor(bgrCaffe, false).prepare(img);
    // plane 0 is B: pixel 0 -> 30 - 104 = -74; plane 2 is R: pixel 1 -> 255 - 123 = 132.
    assertEquals(-74f, nchw[0], 1e-4);
    assertEquals(132f, nchw[2 * 4 + 1], 1e-4);
    var tf = new ModelSpec.Preprocess("direct", 0, 2, "nearest", "RGB", 1, new double[] {127, 127, 127},
        new double[] {127.5, 127.5, 127.5});
    float[] nhwc = new ImagePreprocessor(tf, true).prepare(img);
    // NHWC: pixel 1's R is at index 3; (255 - 127) / 127.5 = 1.00392.
    assertEquals(128 / 127.5f, nhwc[3], 1e-5);
    assertEquals((10 - 127) / 127.5f, nhwc[0], 1e-5);
  }
}
