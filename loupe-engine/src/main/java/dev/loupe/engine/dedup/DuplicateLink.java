package dev.loupe.engine.dedup;

/**
 * Two items whose vectors score {@code score} against each other ({@code a < b} by id).
 */
public record DuplicateLink(String a, String b, float score) {

  public DuplicateLink {
    if (a.compareTo(b) >= 0) throw new IllegalArgumentException("a link's ids must be in order, got: " + a + ", " + b);
  }
}
