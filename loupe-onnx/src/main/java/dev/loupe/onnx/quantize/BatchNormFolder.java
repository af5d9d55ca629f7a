package dev.loupe.onnx.quantize;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Folds each inference-time BatchNormalization that directly follows a Conv into that Conv's weights and bias:
 * {@code W'_c = W_c · γ_c / sqrt(σ²_c + ε)} and {@code b'_c = (b_c − μ_c) · γ_c / sqrt(σ²_c + ε) + β_c}. Exports that
 * keep batch norms (the ONNX-zoo ResNets of the hub catalogue) would otherwise be refused, and a BatchNormalization
 * between a Conv and its QuantizeLinear would stop ONNX Runtime from fusing the pair. A BatchNormalization anywhere
 * else is left for {@link SupportedOps} to refuse.
 */
final class BatchNormFolder {
  private BatchNormFolder() {}

  static OnnxGraph fold(OnnxGraph graph) {
    Map<String, TensorData> constants = new HashMap<>();
    graph.initializers().forEach(t -> constants.put(t.name(), t));
    Map<String, OnnxNode> producer = new HashMap<>();
    Map<String, Integer> readers = new HashMap<>();
    Set<String> outputs = new HashSet<>();
    graph.outputs().forEach(v -> outputs.add(v.name()));
    for (OnnxNode n : graph.nodes()) {
      n.outputs().forEach(o -> producer.put(o, n));
      n.inputs().forEach(i -> readers.merge(i, 1, Integer::sum));
    }
    Map<OnnxNode, OnnxNode> replaced = new java.util.IdentityHashMap<>();
    Set<OnnxNode> removed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    List<TensorData> added = new ArrayList<>();
    for (OnnxNode bn : graph.nodes()) {
      if (!bn.is("BatchNormalization") || bn.inputs().size() != 5) continue;
      // Before opset 9, spatial = 0 meant statistics per element rather than per channel: not a per-channel fold.
      if (bn.attribute("spatial").map(OnnxAttribute::intValue).orElse(1L) == 0) continue;
      if (bn.outputs().stream().skip(1).anyMatch(o -> !o.isEmpty() && readers.containsKey(o))) continue;
      OnnxNode conv = producer.get(bn.input(0));
      if (conv == null || !conv.is("Conv") || replaced.containsKey(conv) || readers.get(bn.input(0)) != 1
          || outputs.contains(bn.input(0)) || !constants.containsKey(conv.input(1))
          || !(conv.input(2).isEmpty() || constants.containsKey(conv.input(2)))
          || bn.inputs().subList(1, 5).stream().anyMatch(i -> !constants.containsKey(i))) {
        continue;
      }
      double eps = bn.attribute("epsilon").map(a -> (double) a.floatValue()).orElse(1e-5);
      double[] gamma = constants.get(bn.input(1)).values();
      double[] beta = constants.get(bn.input(2)).values();
      double[] mean = constants.get(bn.input(3)).values();
      double[] var = constants.get(bn.input(4)).values();
      TensorData w = constants.get(conv.input(1));
      double[] weights = w.values();
      int channels = Math.toIntExact(w.dims().getFirst());
      if (gamma.length != channels || beta.length != channels || mean.length != channels || var.length != channels) {
        continue;
      }
      double[] bias = conv.input(2).isEmpty() ? new double[channels] : constants.get(conv.input(2)).values();
      int per = weights.length / channels;
      float[] newW = new float[weights.length];
      float[] newB = new float[channels];
      for (int c = 0; c < channels; c++) {
        double f = gamma[c] / Math.sqrt(var[c] + eps);
        for (int i = c * per; i < (c + 1) * per; i++) newW[i] = (float) (weights[i] * f);
        newB[c] = (float) ((bias[c] - mean[c]) * f + beta[c]);
      }
      String out = bn.outputs().getFirst();
      TensorData wt = TensorData.floats(out + "/folded_weight", w.dims(), newW);
      TensorData bt = TensorData.floats(out + "/folded_bias", List.of((long) channels), newB);
      added.add(wt);
      added.add(bt);
      replaced.put(conv, new OnnxNode(conv.name(), conv.opType(), conv.domain(),
          List.of(conv.input(0), wt.name(), bt.name()), List.of(out), conv.attributes(), conv.rest()));
      removed.add(bn);
    }
    if (removed.isEmpty()) return graph;
    List<OnnxNode> nodes = new ArrayList<>();
    for (OnnxNode n : graph.nodes()) {
      if (!removed.contains(n)) nodes.add(replaced.getOrDefault(n, n));
    }
    List<TensorData> initializers = new ArrayList<>(graph.initializers());
    initializers.addAll(added);
    return graph.with(nodes, initializers);
  }
}
