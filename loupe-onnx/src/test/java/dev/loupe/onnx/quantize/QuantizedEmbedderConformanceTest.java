package dev.loupe.onnx.quantize;

import dev.loupe.core.embed.Embedder;
import dev.loupe.onnx.ModelCatalog;
import dev.loupe.onnx.ModelPaths;
import dev.loupe.testing.BaseEmbedderTestCase;
import dev.loupe.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model written by the quantizer is an ordinary embedder: the int8 MobileNetV2 (built here from the shared float
 * model on 16 Caltech-20 photos) passes the shared embedder contract, opened by name from its spec.
 */
class QuantizedEmbedderConformanceTest extends BaseEmbedderTestCase {
  @TempDir static Path dir;
  private static ModelCatalog catalog;

  @BeforeAll
  static void quantize() throws Exception {
    ModelQuantizationTest.quantize(dir, "mobilenetv2-tf2-ptq", CalibrationMethod.MINMAX);
    catalog = ModelCatalog.load(new ModelPaths(List.of(dir, SharedData.models()), dir));
  }

  @Override
  protected Embedder newEmbedder() {
    return catalog.open("mobilenetv2-tf2-ptq-int8", 1);
  }

  @Override
  protected int internalMaxBatch() {
    return 32;
  }

  @Override
  protected float tolerance() {
    // The float tail (dequantize, average pool) may round differently with the batch size, as for float models.
    return 1e-4f;
  }
}
