package dev.loupe.onnx.quantize;

import dev.loupe.onnx.ModelSpec;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a quantize run produced.
 *
 * @param spec the new model's spec
 * @param specFile where it was written
 * @param modelFile the new ONNX file
 * @param images calibration images used (bad ones skipped)
 * @param tensors activation tensors quantized
 * @param convLayers Conv layers with int8 weights
 * @param optimizedOps node count per operator in ONNX Runtime's optimised graph (level ALL): which kernels run
 * @param floatBytes size of the float model file
 * @param int8Bytes size of the new file
 * @param heldOut held-out images compared
 * @param meanCosine mean cosine of float and int8 vectors of the held-out images (NaN when none)
 * @param minCosine the smallest of those cosines (NaN when none)
 */
public record QuantizeReport(ModelSpec spec, Path specFile, Path modelFile, int images, int tensors, int convLayers,
    Map<String, Integer> optimizedOps, long floatBytes, long int8Bytes, int heldOut, double meanCosine, double minCosine) {
  public QuantizeReport {
    optimizedOps = Map.copyOf(optimizedOps);
  }

  /** Convolutions ORT runs as integer kernels (ai.onnx QLinearConv, or its NHWC com.microsoft form). */
  public int qlinearConvs() {
    return optimizedOps.entrySet().stream().filter(e -> e.getKey().endsWith("QLinearConv"))
        .mapToInt(Map.Entry::getValue).sum();
  }

  /** Convolutions left in float after ORT's optimisation (plain, fused or NCHWc-blocked). */
  public int floatConvs() {
    return optimizedOps.entrySet().stream()
        .filter(e -> e.getKey().endsWith("Conv") && !e.getKey().endsWith("QLinearConv"))
        .mapToInt(Map.Entry::getValue).sum();
  }
}
