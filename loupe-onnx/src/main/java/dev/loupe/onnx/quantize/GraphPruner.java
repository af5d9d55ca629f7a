package dev.loupe.onnx.quantize;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps only what one output tensor depends on: the nodes on its paths from the image input, the initializers
 * they read, and that tensor as the single graph output (it may be an intermediate tensor, which becomes a graph
 * output here as {@code GraphOutputs} exposes it). A classifier head the embedder never reads would otherwise be
 * calibrated, quantized and run for nothing.
 */
final class GraphPruner {
  private GraphPruner() {}

  static OnnxGraph keepOnly(OnnxGraph graph, String imageInput, String output) {
    Map<String, OnnxNode> producer = new HashMap<>();
    for (OnnxNode n : graph.nodes()) {
      for (String o : n.outputs()) producer.put(o, n);
    }
    Set<String> inputNames = new HashSet<>();
    graph.inputs().forEach(v -> inputNames.add(v.name()));
    Set<String> initializerNames = new HashSet<>();
    graph.initializers().forEach(t -> initializerNames.add(t.name()));
    if (!producer.containsKey(output) && !inputNames.contains(output)) {
      throw new OnnxFormatException("the graph has no tensor '" + output + "'");
    }
    Set<OnnxNode> needed = Collections.newSetFromMap(new IdentityHashMap<>());
    Set<String> tensors = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(output));
    while (!todo.isEmpty()) {
      String t = todo.pop();
      if (t.isEmpty() || !tensors.add(t)) continue;
      OnnxNode n = producer.get(t);
      if (n != null && needed.add(n)) todo.addAll(n.inputs());
    }
    List<OnnxNode> nodes = graph.nodes().stream().filter(needed::contains).toList();
    List<TensorData> initializers = graph.initializers().stream().filter(t -> tensors.contains(t.name())).toList();
    // The image input stays; an initializer listed as an input (older IR versions) becomes a plain constant.
    List<ValueInfo> inputs = graph.inputs().stream()
        .filter(v -> v.name().equals(imageInput) || (tensors.contains(v.name()) && !initializerNames.contains(v.name())))
        .toList();
    ValueInfo out = graph.outputs().stream().filter(v -> v.name().equals(output)).findFirst()
        .orElse(ValueInfo.named(output));
    List<ValueInfo> valueInfo = graph.valueInfo().stream()
        .filter(v -> tensors.contains(v.name()) && !v.name().equals(output)).toList();
    return graph.with(nodes, new ArrayList<>(initializers)).withInterface(inputs, List.of(out), valueInfo);
  }
}
