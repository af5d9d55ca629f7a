package dev.loupe.onnx.quantize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.loupe.image.DecodeOptions;
import dev.loupe.image.ImageDecoder;
import dev.loupe.onnx.ModelCatalog;
import dev.loupe.onnx.ModelPaths;
import dev.loupe.onnx.ModelSpec;
import dev.loupe.onnx.OnnxImageEmbedder;
import dev.loupe.onnx.OrtRuntime;
import dev.loupe.testing.SharedData;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Batch norms folded into their convolutions compute what they computed before. No shared model keeps its batch
 * norms, so the test gives SqueezeNet some: after every Conv a BatchNormalization with random statistics (seed 7),
 * run by ONNX Runtime as written and after folding, on a real photo.
 */
class BatchNormFolderTest {

  @Test
  void foldedConvolutionsGiveTheSameFeature() throws Exception {
    ModelSpec spec = ModelCatalog.builtIn().stream().filter(s -> s.name().equals("squeezenet1.1")).findFirst().orElseThrow();
    OnnxModel model = OnnxModel.parse(Files.readAllBytes(
        SharedData.models().resolve("squeezenet1.1/squeezenet1.1_fp32_features.onnx")));
    OnnxModel withBn = model.withGraph(insertBatchNorms(model.graph(), new Random(7)));
    OnnxGraph folded = BatchNormFolder.fold(withBn.graph());
    assertEquals(26, withBn.graph().nodes().stream().filter(n -> n.is("BatchNormalization")).count());
    assertEquals(0, folded.nodes().stream().filter(n -> n.is("BatchNormalization")).count(), "every one folded");

    float[] input;
    ModelPaths paths = new ModelPaths(List.of(SharedData.models()), SharedData.models());
    try (OnnxImageEmbedder e = OnnxImageEmbedder.load(spec, paths.require(spec), 1)) {
      input = e.prepare(ImageDecoder.decode(SharedData.caltechTest().resolve("lotus/image_0003.jpg"),
          DecodeOptions.DEFAULTS).image());
    }
    float[] a = run(withBn.toByteArray(), input);
    float[] b = run(withBn.withGraph(folded).toByteArray(), input);
    double maxDiff = 0;
    double maxAbs = 0;
    for (int i = 0; i < a.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
      maxAbs = Math.max(maxAbs, Math.abs(a[i]));
    }
    assertTrue(maxAbs > 0, "a non-trivial feature");
    assertTrue(maxDiff <= 1e-4 * maxAbs, "folding changed the feature by " + maxDiff + " (largest value " + maxAbs + ")");
    // And the quantizer accepts the graph: the batch norms no longer stand in its way.
    ModelQuantizer.prepare(spec, withBn);
  }

  /** After each Conv: Conv → X/pre_bn, BatchNormalization(X/pre_bn) → X, with per-channel random statistics. */
  private static OnnxGraph insertBatchNorms(OnnxGraph g, Random random) {
    Map<String, TensorData> constants = new java.util.HashMap<>();
    g.initializers().forEach(t -> constants.put(t.name(), t));
    List<OnnxNode> nodes = new ArrayList<>();
    List<TensorData> inits = new ArrayList<>(g.initializers());
    for (OnnxNode n : g.nodes()) {
      if (!n.is("Conv")) {
        nodes.add(n);
        continue;
      }
      String out = n.outputs().getFirst();
      int channels = Math.toIntExact(constants.get(n.input(1)).dims().getFirst());
      String pre = out + "/pre_bn";
      nodes.add(new OnnxNode(n.name(), n.opType(), n.domain(), n.inputs(), List.of(pre), n.attributes(), n.rest()));
      List<String> params = new ArrayList<>(List.of(pre));
      for (String p : List.of("gamma", "beta", "mean", "var")) {
        float[] v = new float[channels];
        for (int c = 0; c < channels; c++) {
          v[c] = switch (p) {
            case "gamma" -> 0.5f + random.nextFloat();
            case "beta", "mean" -> (float) random.nextGaussian();
            default -> 0.5f + random.nextFloat(); // variance, positive
          };
        }
        inits.add(TensorData.floats(out + "/" + p, List.of((long) channels), v));
        params.add(out + "/" + p);
      }
      nodes.add(OnnxNode.of(out + "/bn", "BatchNormalization", params, List.of(out), List.of()));
    }
    return g.with(nodes, inits);
  }

  private static float[] run(byte[] model, float[] input) throws Exception {
    OrtEnvironment env = OrtRuntime.environment();
    try (OrtSession s = OrtRuntime.session(env, model, 1);
        OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {1, 3, 224, 224});
        OrtSession.Result r = s.run(Map.of("data_0", t), java.util.Set.of("features_512"))) {
      FloatBuffer fb = ((OnnxTensor) r.get(0)).getFloatBuffer();
      float[] out = new float[fb.remaining()];
      fb.get(out);
      return out;
    }
  }
}
