package dev.loupe.onnx;

import dev.loupe.core.embed.Embedder;
import dev.loupe.core.embed.EmbedderSettings;
import dev.loupe.core.embed.Embedders;
import dev.loupe.testing.BaseEmbedderTestCase;
import dev.loupe.testing.SharedData;
import java.util.List;
import org.junit.jupiter.api.Nested;

/**
 * Every kind of ONNX model Loupe ships a spec for passes the shared embedder contract: the default int8
 * MobileNetV2 (pooled output), the ONNX-zoo int8 MobileNetV2 and SqueezeNet 1.1 (Caffe BGR preprocessing), each
 * opened by name the way users open them.
 */
class OnnxEmbedderConformanceTest {

  static Embedder open(String name) {
    return Embedders.load(new EmbedderSettings(List.of(SharedData.models()), SharedData.models(), 1)).open(name);
  }

  abstract static class OnnxCase extends BaseEmbedderTestCase {
    @Override
    protected int internalMaxBatch() {
      return OnnxImageEmbedder.MAX_BATCH;
    }

    @Override
    protected float tolerance() {
      // ONNX Runtime picks kernels by batch size; results agree to float rounding, not bit for bit.
      return 1e-4f;
    }
  }

  @Nested
  class MobileNetV2Tf2 extends OnnxCase {
    @Override
    protected Embedder newEmbedder() {
      return open("mobilenetv2-tf2-ptq");
    }
  }

  @Nested
  class MobileNetV2OnnxZoo extends OnnxCase {
    @Override
    protected Embedder newEmbedder() {
      return open("mobilenetv2-onnxzoo-int8");
    }
  }

  @Nested
  class SqueezeNet extends OnnxCase {
    @Override
    protected Embedder newEmbedder() {
      return open("squeezenet1.1");
    }
  }
}
