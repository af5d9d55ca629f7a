package dev.loupe.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.platform.Fp16Conversions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Optional;

/**
 * Float tensors in and out of ONNX Runtime for image models whose input or output may be float16: one place for
 * the conversion, shared by the embedder and the feature-map session of the same model.
 */
public final class OrtTensors {
  private OrtTensors() {}

  /** The model's input tensor from float values: as they are, or converted to float16 when the input wants it. */
  public static OnnxTensor input(OrtEnvironment env, boolean fp16, FloatBuffer values, long[] shape)
      throws OrtException {
    if (!fp16) return OnnxTensor.createTensor(env, values, shape);
    ByteBuffer half = ByteBuffer.allocateDirect(values.capacity() * 2).order(ByteOrder.nativeOrder());
    while (values.hasRemaining()) half.putShort(Fp16Conversions.floatToFp16(values.get()));
    half.rewind();
    return OnnxTensor.createTensor(env, half, shape, OnnxJavaType.FLOAT16);
  }

  /** All values of a float32 or float16 tensor as floats; empty for any other element type. */
  public static Optional<float[]> floats(OnnxTensor out) {
    FloatBuffer fb = switch (out.getInfo().type) {
      case FLOAT -> out.getFloatBuffer();
      case FLOAT16 -> Fp16Conversions.convertFp16BufferToFloatBuffer(out.getShortBuffer());
      default -> null;
    };
    if (fb == null) return Optional.empty();
    float[] all = new float[fb.remaining()];
    fb.get(all);
    return Optional.of(all);
  }
}
