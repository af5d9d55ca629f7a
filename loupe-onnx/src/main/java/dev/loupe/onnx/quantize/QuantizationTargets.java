package dev.loupe.onnx.quantize;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which tensors of a prepared graph are quantized (QUANTIZE.md's recipe): the image input, every ReLU/ReLU6 output,
 * every Add and Concat output, every Conv output that does not go straight into a ReLU/ReLU6 (ONNX Runtime folds
 * the ReLU into the quantization of the Conv's output, so the pair becomes one integer convolution), average-pool
 * outputs, and max-pool outputs with their input's step. Gemm, MatMul, global pooling, Flatten and Reshape stay
 * in float: the head is a small share of the work and the feature keeps its float precision.
 */
final class QuantizationTargets {
  private QuantizationTargets() {}

  static List<ActivationTarget> find(OnnxGraph graph, String imageInput) {
    Map<String, List<OnnxNode>> consumers = new HashMap<>();
    for (OnnxNode n : graph.nodes()) {
      for (String in : n.inputs()) consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
    }
    Map<String, TensorData> constants = new HashMap<>();
    graph.initializers().forEach(t -> constants.put(t.name(), t));
    Map<String, ActivationTarget> targets = new LinkedHashMap<>();
    targets.put(imageInput, new ActivationTarget(imageInput, ActivationTarget.Kind.INPUT,
        Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, null));
    for (OnnxNode n : graph.nodes()) {
      String out = n.outputs().isEmpty() ? "" : n.outputs().getFirst();
      switch (n.opType()) {
        case "Conv" -> {
          List<OnnxNode> next = consumers.getOrDefault(out, List.of());
          boolean intoActivation = next.size() == 1 && (next.getFirst().is("Relu") || next.getFirst().is("Clip"));
          if (!intoActivation) targets.put(out, ActivationTarget.calibrated(out, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY));
        }
        case "Relu" -> targets.put(out, ActivationTarget.calibrated(out, 0, Double.POSITIVE_INFINITY));
        case "Clip" -> {
          double lo = bound(constants, n.input(1), Double.NEGATIVE_INFINITY);
          double hi = bound(constants, n.input(2), Double.POSITIVE_INFINITY);
          targets.put(out, ActivationTarget.calibrated(out, lo, hi));
        }
        case "Add", "Concat", "AveragePool" ->
            targets.put(out, ActivationTarget.calibrated(out, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY));
        case "MaxPool", "GlobalMaxPool" -> {
          if (targets.containsKey(n.input(0)) && n.outputs().size() == 1) {
            targets.put(out, new ActivationTarget(out, ActivationTarget.Kind.FOLLOWS,
                Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, n.input(0)));
          }
        }
        default -> { } // left in float
      }
    }
    return List.copyOf(targets.values());
  }

  /** A Clip bound from its constant input; a computed bound cannot be used and counts as absent. */
  private static double bound(Map<String, TensorData> constants, String name, double absent) {
    TensorData t = constants.get(name);
    if (name.isEmpty() || t == null || t.size() != 1) return absent;
    return t.values()[0];
  }
}
