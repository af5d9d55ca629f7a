package dev.loupe.onnx.quantize;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;

/**
 * Replaces chains of operations on constants only (Cast, Sub, Mul, Add, Div, Identity on initializers) by the float
 * initializer they compute. The TF2 MobileNetV2 stores each conv weight as int8 with Cast → Sub(zero point) →
 * Mul(scale) in front of the Conv; the quantizer needs the plain float weight to requantize it per channel, and
 * folding also spares the int8 model from running those chains at every call.
 */
final class WeightChainFolder {
  private WeightChainFolder() {}

  static OnnxGraph fold(OnnxGraph graph) {
    Map<String, TensorData> constants = new LinkedHashMap<>();
    for (TensorData t : graph.initializers()) constants.put(t.name(), t);
    // An initializer that is also a graph input may be overridden by the caller at run time: not a constant.
    for (ValueInfo in : graph.inputs()) constants.remove(in.name());
    Map<String, TensorData> folded = new HashMap<>();
    List<OnnxNode> kept = new ArrayList<>();
    for (OnnxNode node : graph.nodes()) {
      TensorData result = evaluate(node, constants);
      if (result == null) {
        kept.add(node);
      } else {
        constants.put(result.name(), result);
        folded.put(result.name(), result);
      }
    }
    if (folded.isEmpty()) return graph;
    List<TensorData> initializers = new ArrayList<>(graph.initializers());
    initializers.addAll(folded.values());
    return graph.with(kept, initializers);
  }

  /** The node's single output as a constant, or null when it is not a foldable operation on constants. */
  private static TensorData evaluate(OnnxNode node, Map<String, TensorData> constants) {
    if (node.outputs().size() != 1 || node.inputs().isEmpty()) return null;
    for (String in : node.inputs()) {
      if (!constants.containsKey(in)) return null;
    }
    String out = node.outputs().getFirst();
    TensorData a = constants.get(node.input(0));
    if (node.is("Identity")) return a.withName(out);
    if (node.is("Cast")) {
      long to = node.attribute("to").map(OnnxAttribute::intValue).orElse(0L);
      if (to != TensorData.FLOAT || !numeric(a)) return null;
      return floats(out, new ConstantArithmetic.Values(a.dims(), a.values()));
    }
    DoubleBinaryOperator op = switch (node.opType()) {
      case "Sub" -> (x, y) -> x - y;
      case "Mul" -> (x, y) -> x * y;
      case "Add" -> (x, y) -> x + y;
      case "Div" -> (x, y) -> x / y;
      default -> null;
    };
    if (op == null || !node.is(node.opType()) || node.inputs().size() != 2) return null;
    TensorData b = constants.get(node.input(1));
    // Only float arithmetic: integer Sub/Mul would need ONNX's wrap-around semantics, and no known chain uses it.
    if (a.dataType() != TensorData.FLOAT || b.dataType() != TensorData.FLOAT) return null;
    return floats(out, ConstantArithmetic.apply(new ConstantArithmetic.Values(a.dims(), a.values()),
        new ConstantArithmetic.Values(b.dims(), b.values()), op));
  }

  private static boolean numeric(TensorData t) {
    return switch (t.dataType()) {
      case TensorData.FLOAT, TensorData.DOUBLE, TensorData.FLOAT16, TensorData.INT8, TensorData.UINT8,
          TensorData.INT16, TensorData.UINT16, TensorData.INT32, TensorData.INT64 -> !t.external();
      default -> false;
    };
  }

  private static TensorData floats(String name, ConstantArithmetic.Values v) {
    float[] f = new float[v.data().length];
    for (int i = 0; i < f.length; i++) f[i] = (float) v.data()[i];
    return TensorData.floats(name, v.dims(), f);
  }
}
