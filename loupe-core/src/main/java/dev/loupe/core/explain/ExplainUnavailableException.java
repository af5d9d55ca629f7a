package dev.loupe.core.explain;

/** A match cannot be explained with a heat map; the message says why in one line. */
public final class ExplainUnavailableException extends RuntimeException {
  public ExplainUnavailableException(String message) {
    super(message);
  }
}
