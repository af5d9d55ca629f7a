package dev.loupe.onnx.quantize;

/**
 * A histogram of |x| over [0, bins * width) whose range doubles (merging bin pairs) when a larger value arrives,
 * so percentiles come out of one pass over the calibration images without knowing the range in advance. A
 * percentile is exact to one bin width (at most 1/1024 of the largest |x| seen, as bins are never less than half
 * full of range).
 */
final class AbsHistogram {
  private static final int BINS = 2048;

  private final long[] counts = new long[BINS];
  private double width;
  private long total;

  void add(float[] values) {
    double max = 0;
    for (float v : values) max = Math.max(max, Math.abs(v));
    if (max == 0 && width == 0) {
      counts[0] += values.length;
      total += values.length;
      return;
    }
    if (width == 0) width = max / (BINS / 2.0); // start half full, leaving room to grow before the first merge
    while (max >= width * BINS) grow();
    for (float v : values) counts[(int) Math.min(BINS - 1, Math.abs(v) / width)]++;
    total += values.length;
  }

  private void grow() {
    for (int i = 0; i < BINS / 2; i++) counts[i] = counts[2 * i] + counts[2 * i + 1];
    java.util.Arrays.fill(counts, BINS / 2, BINS, 0);
    width *= 2;
  }

  /** The value below which {@code fraction} of all |x| fall (upper edge of the bin that reaches it). */
  double percentile(double fraction) {
    long need = (long) Math.ceil(fraction * total);
    long seen = 0;
    for (int i = 0; i < BINS; i++) {
      seen += counts[i];
      if (seen >= need) return (i + 1) * width;
    }
    return BINS * width;
  }
}
