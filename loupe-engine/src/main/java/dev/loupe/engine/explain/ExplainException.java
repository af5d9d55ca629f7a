package dev.loupe.engine.explain;

/** One hit cannot be explained (its image file is gone or unreadable); the message names the file and why. */
public final class ExplainException extends Exception {
  public ExplainException(String message, Throwable cause) {
    super(message, cause);
  }
}
