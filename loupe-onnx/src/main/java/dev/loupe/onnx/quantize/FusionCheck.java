package dev.loupe.onnx.quantize;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.loupe.onnx.OrtRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many convolutions ONNX Runtime actually runs as integer kernels: it writes the graph it optimised (level ALL,
 * as Loupe runs models) and the QLinearConv nodes are counted. A QDQ pattern ORT does not recognise (signed
 * activations, a wrong zero point, a node between Conv and QuantizeLinear) leaves the Conv in float, silently; this
 * count shows it.
 */
public final class FusionCheck {
  private FusionCheck() {}

  /** Node count per operator (domain-qualified outside ai.onnx) of the graph ORT runs for {@code model}. */
  public static Map<String, Integer> optimizedOps(byte[] model) {
    OrtEnvironment env = OrtRuntime.environment();
    Path optimized = null;
    try {
      optimized = Files.createTempFile("loupe-optimized-", ".onnx");
      try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        options.setIntraOpNumThreads(1);
        options.setOptimizedModelFilePath(optimized.toString());
        env.createSession(model, options).close();
      }
      Map<String, Integer> ops = new TreeMap<>();
      for (OnnxNode n : OnnxModel.parse(Files.readAllBytes(optimized)).graph().nodes()) {
        boolean standard = n.domain() == null || n.domain().isEmpty();
        ops.merge(standard ? n.opType() : n.domain() + ":" + n.opType(), 1, Integer::sum);
      }
      return ops;
    } catch (OrtException | IOException e) {
      throw new OnnxFormatException("ONNX Runtime cannot optimise the quantized model: " + e.getMessage(), e);
    } finally {
      if (optimized != null) {
        try {
          Files.deleteIfExists(optimized);
        } catch (IOException ignored) {
          // a temporary file left behind is harmless
        }
      }
    }
  }
}
