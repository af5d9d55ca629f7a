package dev.loupe.onnx.quantize;

/** A quantize request that cannot be carried out as asked (a target that must not be replaced, no images). */
public final class QuantizeRefusal extends RuntimeException {
  public QuantizeRefusal(String message) {
    super(message);
  }
}
