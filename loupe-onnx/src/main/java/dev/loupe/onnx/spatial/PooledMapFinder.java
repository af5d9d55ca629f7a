package dev.loupe.onnx.spatial;

import dev.loupe.onnx.quantize.OnnxGraph;
import dev.loupe.onnx.quantize.OnnxNode;
import dev.loupe.onnx.quantize.TensorData;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds, in a graph whose output is an already pooled [N, C] vector, the [N, C, H, W] map that was pooled: walking
 * back from the output through shape-only nodes (Flatten, Reshape, Squeeze, Identity) to a GlobalAveragePool, or a
 * ReduceMean over axes 2 and 3, whose input is the map. The shipped MobileNetV2s ({@code features_1280} =
 * Flatten(GlobalAveragePool(last conv + ReLU6))), their int8 copies and SqueezeNet's {@code features_512} all
 * have that shape, so their maps are found without a spec field.
 */
public final class PooledMapFinder {
  /** Nodes that only reshape the pooled vector, never mix its values. */
  private static final Set<String> SHAPE_ONLY = Set.of("Flatten", "Reshape", "Squeeze", "Identity");
  /** More hops than any real head has between its pooling and its output; bounds a walk through odd graphs. */
  private static final int MAX_HOPS = 16;

  private PooledMapFinder() {}

  /** The name of the map average-pooled into {@code output}, or empty when the output is not such a pooling. */
  public static Optional<String> find(OnnxGraph graph, String output) {
    Map<String, OnnxNode> producer = new HashMap<>();
    for (OnnxNode n : graph.nodes()) for (String o : n.outputs()) producer.put(o, n);
    Map<String, TensorData> constants = new HashMap<>();
    graph.initializers().forEach(t -> constants.put(t.name(), t));
    String tensor = output;
    for (int hop = 0; hop < MAX_HOPS; hop++) {
      OnnxNode n = producer.get(tensor);
      if (n == null) return Optional.empty();
      if (n.is("GlobalAveragePool")) return Optional.of(n.input(0));
      if (n.is("ReduceMean") && spatialAxes(n, constants)) return Optional.of(n.input(0));
      if (SHAPE_ONLY.stream().noneMatch(n::is)) return Optional.empty();
      tensor = n.input(0);
    }
    return Optional.empty();
  }

  /** A ReduceMean over exactly axes {2, 3} (or {-2, -1}), given as the attribute (opset < 18) or input 1. */
  private static boolean spatialAxes(OnnxNode n, Map<String, TensorData> constants) {
    List<Long> axes = n.attribute("axes").map(a -> a.intsValue()).orElse(null);
    if (axes == null && constants.containsKey(n.input(1))) {
      double[] v = constants.get(n.input(1)).values();
      axes = java.util.Arrays.stream(v).mapToObj(d -> (long) d).toList();
    }
    if (axes == null || axes.size() != 2) return false;
    Set<Long> set = Set.copyOf(axes);
    return set.equals(Set.of(2L, 3L)) || set.equals(Set.of(-2L, -1L));
  }
}
