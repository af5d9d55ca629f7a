package dev.loupe.bench;

import java.util.Arrays;

/** Percentiles of a set of measured latencies, in milliseconds. */
public record Latencies(double[] millis) {
  public Latencies {
    millis = millis.clone();
    Arrays.sort(millis);
  }

  public double percentile(double p) {
    int i = (int) Math.ceil(p / 100.0 * millis.length) - 1;
    return millis[Math.max(0, Math.min(millis.length - 1, i))];
  }
}
