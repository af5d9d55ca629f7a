package dev.loupe.onnx.quantize;

/** What calibration saw of one tensor: its smallest and largest value, and a histogram of |x| for percentiles. */
final class TensorRange {
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;
  private final AbsHistogram histogram = new AbsHistogram();

  void add(float[] values) {
    for (float v : values) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    histogram.add(values);
  }

  double min() {
    return min;
  }

  double max() {
    return max;
  }

  /** The range a method keeps: all of it, or clipped to the given percentile of |x|. */
  double[] bounds(CalibrationMethod method) {
    if (method == CalibrationMethod.MINMAX) return new double[] {min, max};
    double p = histogram.percentile(CalibrationMethod.PERCENTILE_FRACTION);
    return new double[] {Math.max(min, -p), Math.min(max, p)};
  }
}
