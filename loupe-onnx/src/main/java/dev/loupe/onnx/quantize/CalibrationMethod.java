package dev.loupe.onnx.quantize;

import java.util.Locale;

/** How a calibrated tensor's range becomes its quantization range. */
public enum CalibrationMethod {
  /** The smallest and largest value seen: nothing is clipped. */
  MINMAX,
  /** The 99.99th percentile of |x| seen, within min/max: rare outliers are clipped for finer steps. */
  PERCENTILE;

  static final double PERCENTILE_FRACTION = 0.9999;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static CalibrationMethod of(String id) {
    for (CalibrationMethod m : values()) {
      if (m.id().equals(id.toLowerCase(Locale.ROOT))) return m;
    }
    throw new IllegalArgumentException("calibration must be minmax or percentile, got: " + id);
  }
}
