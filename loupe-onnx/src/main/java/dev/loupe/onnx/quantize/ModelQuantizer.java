package dev.loupe.onnx.quantize;

import dev.loupe.onnx.ModelSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Turns a float CNN into an int8 QDQ model (QUANTIZE.md's recipe): fold the weight chains, keep what the spec's
 * output depends on, refuse operators it cannot handle, move to opset 13, calibrate the activations on prepared
 * images, and insert QuantizeLinear/DequantizeLinear nodes with int8 per-channel conv weights.
 */
public final class ModelQuantizer {
  private ModelQuantizer() {}

  /**
   * The quantized model and what was done to it.
   *
   * @param onnx the model file's bytes
   * @param tensors activation tensors quantized (the image input included)
   * @param convLayers Conv layers given int8 weights
   * @param images calibration images used
   */
  public record Quantized(byte[] onnx, int tensors, int convLayers, int images) {}

  /**
   * The graph as quantization sees it, checked: weight chains folded, pass-through nodes removed, batch norms folded
   * into their convolutions, pruned to the spec's output, opset 13. Throws {@link OnnxFormatException} with one
   * line naming the model and the problem.
   */
  public static OnnxModel prepare(ModelSpec spec, OnnxModel model) {
    if (!spec.input().dtype().equals("float32")) {
      throw new OnnxFormatException("cannot quantize model " + spec.name() + ": its input is " + spec.input().dtype()
          + "; the quantizer needs a float32 model");
    }
    if (model.graph().inputs().stream().noneMatch(v -> v.name().equals(spec.input().name()))) {
      throw new OnnxFormatException("cannot quantize model " + spec.name() + ": its graph has no input '"
          + spec.input().name() + "'");
    }
    OnnxGraph g = WeightChainFolder.fold(model.graph());
    g = GraphPruner.keepOnly(g, spec.input().name(), spec.output().name());
    g = PassThroughNodes.remove(g);
    g = BatchNormFolder.fold(g);
    g = GraphPruner.keepOnly(g, spec.input().name(), spec.output().name());
    OnnxModel pruned = model.withGraph(g);
    SupportedOps.check(spec.name(), pruned);
    return OpsetUpgrade.to13(pruned);
  }

  /**
   * Checks the graph first (so an unsupported model is refused before any image is read), then calibrates.
   *
   * @param inputs calibration images prepared by the float model's own preprocessing
   * @param progress hears the number of calibration images run
   * @throws QuantizeRefusal when {@code inputs} gives no image
   */
  public static Quantized quantize(ModelSpec spec, OnnxModel prepared, Iterable<float[]> inputs,
      CalibrationMethod method, IntConsumer progress) {
    List<ActivationTarget> targets = QuantizationTargets.find(prepared.graph(), spec.input().name());
    List<String> calibrated = targets.stream()
        .filter(t -> t.kind() == ActivationTarget.Kind.CALIBRATED).map(ActivationTarget::tensor).toList();
    int side = spec.preprocess().crop();
    long[] shape = spec.input().nhwc() ? new long[] {1, side, side, 3} : new long[] {1, 3, side, side};
    int[] used = new int[1];
    Map<String, TensorRange> ranges = Calibrator.calibrate(prepared, spec.input().name(), shape, inputs, calibrated,
        done -> {
          used[0] = done;
          progress.accept(done);
        });
    if (used[0] == 0) throw new QuantizeRefusal("no calibration image could be read");
    Map<String, QuantParams> params = new HashMap<>();
    for (ActivationTarget t : targets) {
      QuantParams p = switch (t.kind()) {
        case INPUT -> InputQuantization.of(spec.preprocess());
        case FOLLOWS -> params.get(t.follows());
        case CALIBRATED -> {
          double[] b = ranges.get(t.tensor()).bounds(method);
          yield QuantParams.ofRange(Math.max(b[0], t.lowerBound()), Math.min(b[1], t.upperBound()));
        }
      };
      params.put(t.tensor(), p);
    }
    QdqInserter.Result r = QdqInserter.insert(prepared.graph(), params);
    return new Quantized(prepared.withGraph(r.graph()).toByteArray(), params.size(), r.convLayers(), used[0]);
  }
}
