package dev.loupe.onnx;

/** A model that cannot be used: missing, corrupt, wrong checksum, or not matching its spec. */
public class ModelLoadException extends RuntimeException {
  public ModelLoadException(String message) {
    super(message);
  }

  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
