package dev.loupe.onnx.quantize;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites a float graph into QDQ form (QUANTIZE.md, steps 4-5): one QuantizeLinear after each quantized tensor's
 * producer, one DequantizeLinear per consumer, and every Conv whose input is quantized reads int8 per-channel
 * weights (symmetric, axis 0) and an int32 bias of scale s_x · s_c through DequantizeLinear nodes. ONNX Runtime
 * recognises DQ → Conv → Q and runs it as QLinearConv. Nodes come out in the input's topological order, each new
 * node next to the node it serves.
 */
final class QdqInserter {
  private final OnnxGraph graph;
  private final Map<String, QuantParams> activations;
  private final Map<String, TensorData> constants = new HashMap<>();
  private final Set<String> names = new HashSet<>();
  private final List<OnnxNode> nodes = new ArrayList<>();
  private final Map<String, TensorData> added = new LinkedHashMap<>();
  private final Map<String, String> quantized = new HashMap<>();
  private int convLayers;

  private QdqInserter(OnnxGraph graph, Map<String, QuantParams> activations) {
    this.graph = graph;
    this.activations = activations;
    graph.initializers().forEach(t -> constants.put(t.name(), t));
    for (OnnxNode n : graph.nodes()) {
      names.addAll(n.inputs());
      names.addAll(n.outputs());
      if (n.name() != null) names.add(n.name());
    }
    names.addAll(constants.keySet());
  }

  /** The rewritten graph and how many Conv layers got integer weights. */
  record Result(OnnxGraph graph, int convLayers) {}

  static Result insert(OnnxGraph graph, Map<String, QuantParams> activations) {
    QdqInserter q = new QdqInserter(graph, activations);
    return new Result(q.rewrite(), q.convLayers);
  }

  private OnnxGraph rewrite() {
    for (ValueInfo in : graph.inputs()) {
      if (activations.containsKey(in.name())) quantize(in.name());
    }
    for (OnnxNode n : graph.nodes()) {
      List<String> inputs = new ArrayList<>(n.inputs());
      for (int i = 0; i < inputs.size(); i++) {
        if (activations.containsKey(inputs.get(i))) inputs.set(i, dequantize(inputs.get(i), n, i));
      }
      if (n.is("Conv") && activations.containsKey(n.input(0)) && constants.containsKey(n.input(1))) {
        quantizeConvWeights(n, inputs, activations.get(n.input(0)).scale());
        convLayers++;
      }
      nodes.add(n.withInputs(inputs));
      for (String out : n.outputs()) {
        if (activations.containsKey(out)) quantize(out);
      }
    }
    Set<String> used = new HashSet<>();
    nodes.forEach(n -> used.addAll(n.inputs()));
    List<TensorData> initializers = new ArrayList<>();
    for (TensorData t : graph.initializers()) {
      if (used.contains(t.name())) initializers.add(t); // float weights now read only through their int8 copy go
    }
    initializers.addAll(added.values());
    return graph.with(nodes, initializers);
  }

  private void quantize(String tensor) {
    QuantParams p = activations.get(tensor);
    addConstant(TensorData.floats(tensor + "/scale", List.of(), new float[] {p.scale()}));
    addConstant(TensorData.bytes(tensor + "/zero_point", TensorData.UINT8, List.of(), new byte[] {(byte) p.zeroPoint()}));
    String q = fresh(tensor + "/quantized");
    quantized.put(tensor, q);
    nodes.add(OnnxNode.of(fresh(tensor + "/QuantizeLinear"), "QuantizeLinear",
        List.of(tensor, tensor + "/scale", tensor + "/zero_point"), List.of(q), List.of()));
  }

  /** A DequantizeLinear of its own for one input of one consumer; returns the float tensor it produces. */
  private String dequantize(String tensor, OnnxNode consumer, int input) {
    String base = tensor + "/dequantized_for_" + (consumer.name() == null || consumer.name().isEmpty()
        ? consumer.outputs().getFirst() : consumer.name()) + "_" + input;
    String out = fresh(base);
    nodes.add(OnnxNode.of(fresh(base + "/DequantizeLinear"), "DequantizeLinear",
        List.of(quantized.get(tensor), tensor + "/scale", tensor + "/zero_point"), List.of(out), List.of()));
    return out;
  }

  private void quantizeConvWeights(OnnxNode conv, List<String> inputs, float inputScale) {
    TensorData w = constants.get(conv.input(1));
    if (w.dataType() != TensorData.FLOAT) {
      throw new OnnxFormatException("Conv '" + conv.name() + "' has a weight of element type " + w.dataType() + ", not float");
    }
    double[] values = w.values();
    int channels = Math.toIntExact(w.dims().getFirst());
    int per = values.length / channels;
    float[] scales = new float[channels];
    byte[] q = new byte[values.length];
    for (int c = 0; c < channels; c++) {
      double max = 0;
      for (int i = c * per; i < (c + 1) * per; i++) max = Math.max(max, Math.abs(values[i]));
      // Symmetric ±127 (not -128), zero point 0: what ORT's QLinearConv takes per channel. On CPUs without VNNI,
      // ORT's u8s8 kernels add pairs of uint8 × int8 products in int16 (VPMADDUBSW), which can saturate (255 × 127 × 2
      // > 32767); the agreement in docs/quantize.md was measured on an AVX-512 VNNI CPU, where it cannot.
      scales[c] = max == 0 ? 1f : (float) (max / 127);
      for (int i = c * per; i < (c + 1) * per; i++) {
        q[i] = (byte) Math.max(-127, Math.min(127, Math.round(values[i] / scales[c])));
      }
    }
    String id = fresh(conv.outputs().getFirst() + "/weight");
    List<Long> axis = List.of((long) channels);
    addConstant(TensorData.bytes(id + "_int8", TensorData.INT8, w.dims(), q));
    addConstant(TensorData.floats(id + "_scale", axis, scales));
    addConstant(TensorData.bytes(id + "_zero_point", TensorData.INT8, axis, new byte[channels]));
    String dqW = fresh(id + "_dequantized");
    nodes.add(OnnxNode.of(fresh(id + "/DequantizeLinear"), "DequantizeLinear",
        List.of(id + "_int8", id + "_scale", id + "_zero_point"), List.of(dqW), List.of(OnnxAttribute.ofInt("axis", 0))));
    inputs.set(1, dqW);
    String biasName = conv.input(2);
    if (biasName.isEmpty() || !constants.containsKey(biasName)) return;
    double[] bias = constants.get(biasName).values();
    if (bias.length != channels) throw new OnnxFormatException("Conv '" + conv.name() + "' has " + bias.length + " biases for " + channels + " channels");
    int[] qb = new int[channels];
    float[] bScales = new float[channels];
    for (int c = 0; c < channels; c++) {
      bScales[c] = inputScale * scales[c];
      qb[c] = (int) Math.max(Integer.MIN_VALUE + 1, Math.min(Integer.MAX_VALUE, Math.round(bias[c] / bScales[c])));
    }
    String bid = fresh(conv.outputs().getFirst() + "/bias");
    addConstant(TensorData.int32s(bid + "_int32", axis, qb));
    addConstant(TensorData.floats(bid + "_scale", axis, bScales));
    String dqB = fresh(bid + "_dequantized");
    nodes.add(OnnxNode.of(fresh(bid + "/DequantizeLinear"), "DequantizeLinear",
        List.of(bid + "_int32", bid + "_scale"), List.of(dqB), List.of(OnnxAttribute.ofInt("axis", 0))));
    inputs.set(2, dqB);
  }

  private void addConstant(TensorData t) {
    if (added.containsKey(t.name())) return; // an activation's scale is shared by its Q and all its DQs
    if (names.contains(t.name())) throw new OnnxFormatException("the graph already has a tensor named " + t.name());
    added.put(t.name(), t);
    names.add(t.name());
  }

  /** A name the graph does not use yet. */
  private String fresh(String wanted) {
    String name = wanted;
    for (int i = 2; names.contains(name); i++) name = wanted + "_" + i;
    names.add(name);
    return name;
  }
}
