package dev.loupe.onnx.quantize;

/**
 * A uint8 activation quantization: {@code x ≈ (q - zeroPoint) * scale}, q in 0..255.
 *
 * @param scale positive
 * @param zeroPoint 0..255
 */
record QuantParams(float scale, int zeroPoint) {
  QuantParams {
    if (!(scale > 0) || !Float.isFinite(scale)) throw new IllegalArgumentException("scale must be positive, got: " + scale);
    if (zeroPoint < 0 || zeroPoint > 255) throw new IllegalArgumentException("zeroPoint must be 0..255, got: " + zeroPoint);
  }

  /**
   * The step that spans [lo, hi] widened to include 0 (zero must be exact: it is the padding value of every
   * convolution and the output of every ReLU).
   */
  static QuantParams ofRange(double lo, double hi) {
    lo = Math.min(lo, 0);
    hi = Math.max(hi, 0);
    double scale = (hi - lo) / 255;
    // A tensor that was always zero on the calibration images: any step represents it; keep one that is valid.
    if (!(scale > 0)) return new QuantParams(1f / 255, lo < 0 ? 255 : 0);
    int zp = (int) Math.max(0, Math.min(255, Math.round(-lo / scale)));
    return new QuantParams((float) scale, zp);
  }
}
