package dev.loupe.onnx.quantize;

import java.util.Set;

/**
 * The operators the quantizer knows how to treat, checked on the pruned graph before anything is calibrated: a CNN
 * of convolutions, ReLU/ReLU6, residual Adds, pooling, Concat and a float head. Anything else (attention, layer
 * norms, shape arithmetic) is refused with one line naming the model and the operator.
 */
final class SupportedOps {
  static final Set<String> SUPPORTED = Set.of("Conv", "Relu", "Clip", "Add", "MaxPool", "AveragePool",
      "GlobalAveragePool", "GlobalMaxPool", "Concat", "Flatten", "Reshape", "Gemm", "MatMul");

  private static final Set<String> ALREADY_QUANTIZED = Set.of("QuantizeLinear", "DequantizeLinear",
      "DynamicQuantizeLinear", "ConvInteger", "MatMulInteger");

  private SupportedOps() {}

  /** Below this opset several operators had other attributes (Add's broadcast, Relu's consumed_inputs). */
  static final long OLDEST_OPSET = 7;

  static void check(String model, OnnxModel onnx) {
    if (onnx.opset() < OLDEST_OPSET) {
      throw new OnnxFormatException("cannot quantize model " + model + ": opset " + onnx.opset()
          + " is too old (the quantizer reads opset " + OLDEST_OPSET + " and later)");
    }
    for (OnnxNode n : onnx.graph().nodes()) {
      String op = n.opType();
      if (ALREADY_QUANTIZED.contains(op) || op.startsWith("QLinear")) {
        throw new OnnxFormatException("model " + model + " is already quantized (it has " + op
            + " nodes); quantize its float original instead");
      }
      boolean standard = n.domain() == null || n.domain().isEmpty() || n.domain().equals("ai.onnx");
      if (!standard || !SUPPORTED.contains(op)) {
        throw new OnnxFormatException("cannot quantize model " + model + ": operator " + (standard ? "" : n.domain() + ":")
            + op + " (node '" + n.name() + "') is not supported; the quantizer handles CNNs of "
            + String.join(", ", SUPPORTED.stream().sorted().toList()));
      }
    }
  }
}
