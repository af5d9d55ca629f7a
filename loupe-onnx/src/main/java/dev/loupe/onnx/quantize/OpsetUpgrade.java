package dev.loupe.onnx.quantize;

import java.util.ArrayList;
import java.util.List;

/**
 * Moves a graph to opset 13, the first with per-channel DequantizeLinear (its {@code axis}). Of the operators the
 * quantizer accepts only Clip changed meaning before 13 (opset 11 moved {@code min}/{@code max} from attributes to
 * inputs); graphs older than opset 7, where more operators differed, are refused by {@link SupportedOps}.
 */
final class OpsetUpgrade {
  static final long QDQ_OPSET = 13;

  private OpsetUpgrade() {}

  static OnnxModel to13(OnnxModel model) {
    if (model.opset() >= QDQ_OPSET) return model;
    OnnxGraph g = model.graph();
    List<OnnxNode> nodes = new ArrayList<>();
    List<TensorData> initializers = new ArrayList<>(g.initializers());
    for (OnnxNode n : g.nodes()) {
      if (n.is("Clip") && model.opset() < 11) {
        String base = n.outputs().getFirst();
        float lo = n.attribute("min").map(OnnxAttribute::floatValue).orElse(-Float.MAX_VALUE);
        float hi = n.attribute("max").map(OnnxAttribute::floatValue).orElse(Float.MAX_VALUE);
        initializers.add(TensorData.floats(base + "/clip_min", List.of(), new float[] {lo}));
        initializers.add(TensorData.floats(base + "/clip_max", List.of(), new float[] {hi}));
        nodes.add(n.withInputs(List.of(n.input(0), base + "/clip_min", base + "/clip_max"))
            .withAttributes(n.attributes().stream().filter(a -> !a.name().equals("min") && !a.name().equals("max")).toList()));
      } else {
        nodes.add(n);
      }
    }
    return model.withGraph(g.with(nodes, initializers)).withOpset(QDQ_OPSET).withIrVersionAtLeast(7);
  }
}
