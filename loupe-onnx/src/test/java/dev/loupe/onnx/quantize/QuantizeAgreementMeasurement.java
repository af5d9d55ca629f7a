package dev.loupe.onnx.quantize;

import dev.loupe.core.query.Vectors;
import dev.loupe.onnx.ModelCatalog;
import dev.loupe.onnx.ModelPaths;
import dev.loupe.onnx.OnnxImageEmbedder;
import dev.loupe.testing.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agreement table of docs/quantize.md: cosine of float and int8 vectors on held-out images, for minmax and
 * percentile calibration on 32 images (the default), Caltech-20 (calibrated on train, measured on 100 test photos)
 * and fashion-dev (calibrated on 32 catalogue photos, measured on 100 others). Not part of the test run; reproduce
 * with {@code -Dloupe.measure=true -Dtest=QuantizeAgreementMeasurement}.
 */
@EnabledIfSystemProperty(named = "loupe.measure", matches = "true")
class QuantizeAgreementMeasurement {
  @TempDir Path dir;

  @Test
  void minmaxAgainstPercentile() throws Exception {
    List<String> rows = new ArrayList<>();
    for (String model : List.of("mobilenetv2-tf2-ptq", "squeezenet1.1")) {
      for (String data : List.of("caltech20", "fashion-dev")) {
        Path calibrate = data.equals("caltech20") ? SharedData.caltechTrain() : SharedData.data("fashion-dev/images");
        for (CalibrationMethod method : CalibrationMethod.values()) {
          String name = model + "-" + data + "-" + method.id();
          ModelPaths paths = new ModelPaths(List.of(dir, SharedData.models()), dir);
          ModelQuantization.run(new QuantizeRequest(model, calibrate, 32, method, name, paths, dir, false, 0),
              QuantizeListener.NONE);
          List<Path> heldOut = data.equals("caltech20")
              ? CalibrationImages.evenlySpaced(SharedData.filesUnder(SharedData.caltechTest()), 100)
              : CalibrationImages.select(calibrate, 32, 100).heldOut();
          double[] cos = cosines(ModelCatalog.load(paths), model, name, heldOut);
          rows.add(String.format(Locale.ROOT, "| %s | %s | %s | %d | %.4f | %.4f |", model, data, method.id(),
              cos.length, Arrays.stream(cos).average().orElseThrow(), Arrays.stream(cos).min().orElseThrow()));
        }
      }
    }
    System.out.println("| model | data | calibration | held-out images | mean cosine | min cosine |");
    rows.forEach(System.out::println);
  }

  private static double[] cosines(ModelCatalog catalog, String model, String quantized, List<Path> images) {
    try (OnnxImageEmbedder f = catalog.open(model, 2); OnnxImageEmbedder q = catalog.open(quantized, 2)) {
      List<float[]> inputs = ModelQuantization.prepareAll(f, images, QuantizeListener.NONE);
      float[][] a = f.embedPrepared(inputs);
      float[][] b = q.embedPrepared(inputs);
      double[] cos = new double[a.length];
      for (int i = 0; i < a.length; i++) cos[i] = Vectors.dot(a[i], b[i]);
      return cos;
    }
  }
}
