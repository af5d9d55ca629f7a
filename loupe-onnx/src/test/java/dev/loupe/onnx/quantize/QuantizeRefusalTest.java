package dev.loupe.onnx.quantize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.onnx.ModelPaths;
import dev.loupe.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the quantizer refuses, each with one line that names the model or file and the reason. */
class QuantizeRefusalTest {
  @TempDir Path dir;

  private QuantizeRequest request(String model, Path images, int n, String name, boolean force) {
    return new QuantizeRequest(model, images, n, CalibrationMethod.MINMAX, name,
        new ModelPaths(List.of(dir, SharedData.models()), dir), dir, force, 0);
  }

  private Exception refusal(QuantizeRequest r) {
    return assertThrows(Exception.class, () -> ModelQuantization.run(r, QuantizeListener.NONE));
  }

  @Test
  void aTransformerIsRefusedNamingTheModelAndTheOperator() throws IOException {
    // The CLIP-shaped fixture's image tower: attention, layer norms and shape arithmetic, not a CNN.
    Files.writeString(dir.resolve("clip-tiny.loupe.json"), """
        {"name": "clip-tiny", "file": "clip-tiny-fixture/vision_model.onnx",
         "input": {"name": "pixel_values"}, "preprocess": {"crop": 224}, "output": {"name": "image_embeds"}}
        """);
    String m = refusal(request("clip-tiny", SharedData.caltechTrain(), 2, null, false)).getMessage();
    assertTrue(m.startsWith("cannot quantize model clip-tiny: operator "), m);
    assertTrue(m.contains("is not supported"), m);
    assertEquals(1, m.lines().count(), m);
  }

  @Test
  void anAlreadyQuantizedModelIsRefused() {
    String m = refusal(request("mobilenetv2-onnxzoo-int8", SharedData.caltechTrain(), 2, null, false)).getMessage();
    assertTrue(m.startsWith("model mobilenetv2-onnxzoo-int8 is already quantized (it has "), m);
  }

  @Test
  void aTargetThatAppearedWhileQuantizingIsNotReplaced() throws IOException {
    // checkWritable passed (nothing there), then another run wrote the model before this one finished.
    QuantizedModelFiles target = new QuantizedModelFiles(dir, "m-int8");
    byte[] theirs = "the other run's model".getBytes(StandardCharsets.UTF_8);
    Files.write(target.modelFile(), theirs);
    var spec = dev.loupe.onnx.ModelCatalog.builtIn().getFirst();
    QuantizeRefusal e = assertThrows(QuantizeRefusal.class, () -> target.write(new byte[] {1, 2, 3}, spec, false));
    assertEquals(target.modelFile() + " appeared while quantizing (another run wrote it?); not replacing it",
        e.getMessage());
    assertArrayEquals(theirs, Files.readAllBytes(target.modelFile()));
    assertTrue(Files.notExists(target.specFile()));
  }

  @Test
  void aFloat16ModelIsRefused() {
    String m = refusal(request("squeezenet1.1-fp16", SharedData.caltechTrain(), 2, null, false)).getMessage();
    assertTrue(m.contains("its input is float16"), m);
  }

  @Test
  void emptyAndMissingCalibrationFoldersAreRefused() throws IOException {
    Path empty = Files.createDirectory(dir.resolve("empty"));
    Files.writeString(empty.resolve("notes.txt"), "not an image");
    assertTrue(refusal(request("squeezenet1.1", empty, 4, null, false)).getMessage()
        .startsWith("no images in calibration folder"));
    assertTrue(refusal(request("squeezenet1.1", dir.resolve("missing"), 4, null, false)).getMessage()
        .startsWith("calibration folder not found"));
    Files.writeString(empty.resolve("a.jpg"), "not a jpeg");
    Files.write(empty.resolve("b.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    List<Path> skipped = new java.util.ArrayList<>();
    QuantizeListener listener = new QuantizeListener() {
      @Override
      public void skipped(Path image, String reason) {
        skipped.add(image);
      }

      @Override
      public void calibrated(int done, int total) {}
    };
    Exception e = assertThrows(Exception.class,
        () -> ModelQuantization.run(request("squeezenet1.1", empty, 4, null, false), listener));
    assertTrue(e.getMessage().startsWith("none of the 2 calibration images in "), e.getMessage());
    assertEquals(List.of(empty.resolve("a.jpg"), empty.resolve("b.png")), skipped, "each bad file named once");
    try (var files = Files.list(dir)) {
      assertEquals(List.of(empty), files.toList(), "nothing written");
    }
  }

  @Test
  void aFileLoupeDidNotWriteIsNeverReplaced() throws IOException {
    byte[] mine = "the user's own file".getBytes(StandardCharsets.UTF_8);
    Path theirs = Files.write(dir.resolve("squeezenet1.1-int8.onnx"), mine);
    assertTrue(refusal(request("squeezenet1.1", SharedData.caltechTrain(), 2, null, false)).getMessage()
        .contains("pass --force"));
    assertTrue(refusal(request("squeezenet1.1", SharedData.caltechTrain(), 2, null, true)).getMessage()
        .contains("not replacing it"));
    assertArrayEquals(mine, Files.readAllBytes(theirs));
    // A name taken by a model Loupe did not quantize (here the built-in one) would shadow it: refused.
    assertTrue(refusal(request("squeezenet1.1", SharedData.caltechTrain(), 2, "mobilenetv2-tf2-ptq", true)).getMessage()
        .contains("choose another with --name"));
  }

  @Test
  void aModelQuantizeWroteIsReplacedOnlyWithForce() throws Exception {
    QuantizeReport first = ModelQuantization.run(request("squeezenet1.1", SharedData.caltechTrain(), 2, "sq", false),
        QuantizeListener.NONE);
    assertEquals(dir.resolve("sq.loupe.json"), first.specFile());
    assertTrue(refusal(request("squeezenet1.1", SharedData.caltechTrain(), 2, "sq", false)).getMessage()
        .contains("pass --force"));
    QuantizeReport again = ModelQuantization.run(request("squeezenet1.1", SharedData.caltechTrain(), 3, "sq", true),
        QuantizeListener.NONE);
    assertEquals(3, again.spec().quantization().images());
  }

  @Test
  void aNameQuantizeUsedInAnotherModelDirectoryIsRefused() throws IOException {
    // Two specs of one name on the search path: the later directory would win and the new model be shadowed.
    Path other = Files.createDirectory(dir.resolve("other"));
    Files.writeString(other.resolve("sq.loupe.json"), """
        {"name": "sq", "file": "sq.onnx", "input": {"name": "data_0"}, "preprocess": {"crop": 224},
         "output": {"name": "features_512"},
         "quantization": {"format": "int8-qdq", "source": "squeezenet1.1", "calibration": "minmax", "images": 4}}
        """);
    QuantizeRequest r = new QuantizeRequest("squeezenet1.1", SharedData.caltechTrain(), 2, CalibrationMethod.MINMAX, "sq",
        new ModelPaths(List.of(dir, SharedData.models(), other), dir), dir, true, 0);
    assertTrue(refusal(r).getMessage().contains("already exists in another model directory"));
  }

  @Test
  void aFileThatIsNotTheModelItsSpecDescribesIsRefused() throws IOException {
    Files.writeString(dir.resolve("wrong.loupe.json"), """
        {"name": "wrong", "file": "squeezenet1.1/squeezenet1.1_fp32_features.onnx",
         "sha256": "0000000000000000000000000000000000000000000000000000000000000000",
         "input": {"name": "data_0"}, "preprocess": {"crop": 224}, "output": {"name": "features_512"}}
        """);
    assertTrue(refusal(request("wrong", SharedData.caltechTrain(), 2, null, false)).getMessage()
        .startsWith("checksum mismatch for "));
  }
}
