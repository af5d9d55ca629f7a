package dev.loupe.onnx.quantize;

/** An ONNX file this package cannot read, or a graph it cannot quantize; the message is one line for the user. */
public final class OnnxFormatException extends RuntimeException {
  public OnnxFormatException(String message) {
    super(message);
  }

  public OnnxFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
