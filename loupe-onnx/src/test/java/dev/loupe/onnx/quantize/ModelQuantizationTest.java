package dev.loupe.onnx.quantize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.query.Vectors;
import dev.loupe.onnx.ModelCatalog;
import dev.loupe.onnx.ModelPaths;
import dev.loupe.onnx.ModelSpec;
import dev.loupe.onnx.OnnxImageEmbedder;
import dev.loupe.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
    System.out.printf("tf2 tensors=%d convs=%d qlinear=%d size %d->%d cos mean %.4f min %.4f report %.4f%n",
        r.tensors(), r.convLayers(), r.qlinearConvs(), r.floatBytes(), r.int8Bytes(), mean, min, r.meanCosine());
    assertEquals(52, r.convLayers(), "every conv of the feature path (the 53rd is the pruned classifier)");
    assertEquals(52, r.qlinearConvs(), "ORT runs all of them as integer kernels");
    assertTrue(mean >= 0.98, "mean cosine " + mean);
  }

  @Test
  void squeezeNet() throws Exception {
    QuantizeReport r = quantize(dir, "squeezenet1.1", CalibrationMethod.MINMAX);
    double[] cos = cosines("squeezenet1.1", r, dir);
    double mean = java.util.Arrays.stream(cos).average().orElseThrow();
    double min = java.util.Arrays.stream(cos).min().orElseThrow();
    System.out.printf("squeeze tensors=%d convs=%d qlinear=%d size %d->%d cos mean %.4f min %.4f%n",
        r.tensors(), r.convLayers(), r.qlinearConvs(), r.floatBytes(), r.int8Bytes(), mean, min);
    assertTrue(mean >= 0.98, "mean cosine " + mean);
  }
}
