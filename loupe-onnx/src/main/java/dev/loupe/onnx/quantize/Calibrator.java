package dev.loupe.onnx.quantize;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.loupe.onnx.OrtRuntime;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * Runs prepared calibration inputs through the float graph with every tensor to calibrate exposed as an extra
 * graph output, and records each tensor's range. One image per run: the exposed activations of a whole batch
 * would take hundreds of megabytes.
 */
final class Calibrator {
  private Calibrator() {}

  /**
   * @param inputs model inputs as {@code OnnxImageEmbedder.prepare} makes them, {@code shape} each
   * @param progress hears the number of images done after each one
   * @return each tensor's range; empty when {@code inputs} gave no input
   */
  static Map<String, TensorRange> calibrate(OnnxModel model, String inputName, long[] shape, Iterable<float[]> inputs,
      List<String> tensors, IntConsumer progress) {
    Set<String> outputs = new LinkedHashSet<>(tensors);
    List<ValueInfo> graphOutputs = new ArrayList<>(model.graph().outputs());
    for (String t : tensors) {
      if (graphOutputs.stream().noneMatch(v -> v.name().equals(t))) graphOutputs.add(ValueInfo.named(t));
    }
    OnnxGraph g = model.graph();
    byte[] exposed = model.withGraph(g.withInterface(g.inputs(), graphOutputs, g.valueInfo())).toByteArray();
    Map<String, TensorRange> ranges = new LinkedHashMap<>();
    tensors.forEach(t -> ranges.put(t, new TensorRange()));
    OrtEnvironment env = OrtRuntime.environment();
    try (OrtSession session = OrtRuntime.session(env, exposed, 2)) {
      int done = 0;
      for (float[] in : inputs) {
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(in), shape);
            OrtSession.Result result = session.run(Map.of(inputName, tensor), outputs)) {
          for (Map.Entry<String, OnnxValue> e : result) {
            if (e.getValue() instanceof OnnxTensor t && ranges.containsKey(e.getKey())) {
              FloatBuffer fb = t.getFloatBuffer();
              float[] values = new float[fb.remaining()];
              fb.get(values);
              ranges.get(e.getKey()).add(values);
            }
          }
        }
        progress.accept(++done);
      }
      if (done == 0) return Map.of();
    } catch (OrtException e) {
      throw new OnnxFormatException("calibration run failed: " + e.getMessage(), e);
    }
    return ranges;
  }
}
