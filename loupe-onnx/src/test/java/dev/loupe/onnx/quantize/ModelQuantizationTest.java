package dev.loupe.onnx.quantize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.query.Vectors;
import dev.loupe.onnx.ModelCatalog;
import dev.loupe.onnx.ModelPaths;
import dev.loupe.onnx.OnnxImageEmbedder;
import dev.loupe.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quantizes the shared float models on 16 Caltech-20 training photos and compares the int8 model with the float
 * one on 20 test photos it never saw.
 */
class ModelQuantizationTest {
  @TempDir Path dir;

  static QuantizeReport quantize(Path into, String model, CalibrationMethod method) throws Exception {
    ModelPaths paths = new ModelPaths(List.of(into, SharedData.models()), into);
    return ModelQuantization.run(new QuantizeRequest(model, SharedData.caltechTrain(), 16, method, null, paths, into,
        false, 2), QuantizeListener.NONE);
  }

  /** Cosine of float and int8 vectors of 20 Caltech-20 test photos (one per class), evenly spaced. */
  static double[] cosines(String model, QuantizeReport report, Path into) {
    ModelPaths paths = new ModelPaths(List.of(into, SharedData.models()), into);
    ModelCatalog catalog = ModelCatalog.load(paths);
    List<Path> test = CalibrationImages.evenlySpaced(SharedData.filesUnder(SharedData.caltechTest()), 20);
    try (OnnxImageEmbedder f = catalog.open(model, 2); OnnxImageEmbedder q = catalog.open(report.spec().name(), 2)) {
      List<float[]> inputs = ModelQuantization.prepareAll(f, test, QuantizeListener.NONE);
      float[][] a = f.embedPrepared(inputs);
      float[][] b = q.embedPrepared(inputs);
      double[] cos = new double[a.length];
      for (int i = 0; i < a.length; i++) cos[i] = Vectors.dot(a[i], b[i]); // both unit vectors
      return cos;
    }
  }

  @Test
  void mobileNetV2Tf2() throws Exception {
    QuantizeReport r = quantize(dir, "mobilenetv2-tf2-ptq", CalibrationMethod.MINMAX);
    double[] cos = cosines("mobilenetv2-tf2-ptq", r, dir);
    double mean = java.util.Arrays.stream(cos).average().orElseThrow();
    double min = java.util.Arrays.stream(cos).min().orElseThrow();
    assertEquals(52, r.convLayers(), "every conv of the feature path (the 53rd is the pruned classifier)");
    assertEquals(52, r.qlinearConvs(), "ORT runs all of them as integer kernels");
    assertEquals(0, r.floatConvs(), "and none in float");
    assertEquals(10, r.optimizedOps().get("com.microsoft:QLinearAdd"), "the residual Adds too");
    // Measured 0.9973 / 0.9957 (QUANTIZE.md: 0.9966 / 0.9862 on 100 images); per-tensor weights give 0.39.
    assertTrue(mean >= 0.99, "mean cosine " + mean);
    assertTrue(min >= 0.98, "min cosine " + min);
  }

  @Test
  void squeezeNet() throws Exception {
    QuantizeReport r = quantize(dir, "squeezenet1.1", CalibrationMethod.MINMAX);
    double[] cos = cosines("squeezenet1.1", r, dir);
    double mean = java.util.Arrays.stream(cos).average().orElseThrow();
    double min = java.util.Arrays.stream(cos).min().orElseThrow();
    assertEquals(25, r.convLayers(), "the 26th conv is the pruned classifier");
    assertEquals(25, r.qlinearConvs(), "signed activations would leave all but one in float");
    assertEquals(8, r.optimizedOps().get("com.microsoft:QLinearConcat"), "the fire modules' Concats run in uint8");
    assertEquals(3, r.optimizedOps().get("com.microsoft:NhwcMaxPool"), "so do the max-pools (same step in and out)");
    // Measured 0.9988 / 0.9977.
    assertTrue(mean >= 0.995, "mean cosine " + mean);
    assertTrue(min >= 0.99, "min cosine " + min);
  }

  /**
   * A spec whose output is an intermediate tensor (SqueezeNet's fire9/concat_1, average-pooled by Loupe): the graph is
   * cut there, the Concat becomes the graph output and stays exposed in float.
   */
  @Test
  void anIntermediateOutputTensor() throws Exception {
    Files.writeString(dir.resolve("squeeze-fire9.loupe.json"), """
        {"name": "squeeze-fire9", "file": "squeezenet1.1/squeezenet1.1_fp32_features.onnx",
         "input": {"name": "data_0"},
         "preprocess": {"crop": 224, "channels": "BGR", "mean": [104, 117, 123]},
         "output": {"name": "fire9/concat_1", "pooling": "avg"}}
        """);
    QuantizeReport r = quantize(dir, "squeeze-fire9", CalibrationMethod.MINMAX);
    double[] cos = cosines("squeeze-fire9", r, dir);
    double mean = java.util.Arrays.stream(cos).average().orElseThrow();
    assertEquals(25, r.qlinearConvs());
    assertTrue(mean >= 0.995, "mean cosine " + mean);
    OnnxModel written = OnnxModel.parse(Files.readAllBytes(r.modelFile()));
    assertEquals(List.of("fire9/concat_1"), written.graph().outputs().stream().map(ValueInfo::name).toList());
    assertEquals(13, written.opset(), "moved from opset 7 to 13 for per-channel DequantizeLinear");
  }
}
