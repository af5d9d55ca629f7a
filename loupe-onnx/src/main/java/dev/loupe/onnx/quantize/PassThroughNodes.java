package dev.loupe.onnx.quantize;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Removes Identity and inference-time Dropout nodes, pointing their consumers at their input. Left in place they
 * would sit between a Conv and the QuantizeLinear after it, which stops ONNX Runtime from fusing the pair.
 */
final class PassThroughNodes {
  private PassThroughNodes() {}

  static OnnxGraph remove(OnnxGraph graph) {
    Set<String> graphOutputs = graph.outputs().stream().map(ValueInfo::name).collect(Collectors.toSet());
    Set<String> used = new java.util.HashSet<>(graphOutputs);
    graph.nodes().forEach(n -> used.addAll(n.inputs()));
    Map<String, String> alias = new HashMap<>();
    List<OnnxNode> kept = new ArrayList<>();
    for (OnnxNode n : graph.nodes()) {
      boolean passThrough = (n.is("Identity") || n.is("Dropout")) && !n.outputs().isEmpty()
          && !graphOutputs.contains(n.outputs().getFirst())
          && n.outputs().stream().skip(1).noneMatch(used::contains); // a Dropout mask someone reads stays
      if (passThrough) {
        alias.put(n.outputs().getFirst(), resolve(alias, n.input(0)));
      } else {
        kept.add(n.withInputs(n.inputs().stream().map(i -> resolve(alias, i)).toList()));
      }
    }
    return alias.isEmpty() ? graph : graph.withNodes(kept);
  }

  private static String resolve(Map<String, String> alias, String name) {
    String target = alias.get(name);
    return target == null ? name : target;
  }
}
