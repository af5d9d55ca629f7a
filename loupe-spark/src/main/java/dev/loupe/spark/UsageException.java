package dev.loupe.spark;

/** A refused option value of {@code spark-embed}: exit code 2, where a failed run is 1. */
final class UsageException extends IllegalArgumentException {
  UsageException(String message) {
    super(message);
  }
}
