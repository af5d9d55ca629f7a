package dev.loupe.onnx.quantize;

import dev.loupe.onnx.ModelSpec;

/**
 * The quantization of the image input, from the spec's preprocessing rather than from calibration: the input is
 * an affine map of 8-bit pixels, so its range is known. When every channel shares one map
 * {@code value = (pixel - z) * s} with an integer z (the TF2 MobileNetV2: (pixel - 127) / 127.5) the input is
 * quantized with scale s and zero point z, which is lossless (q is the pixel value). Otherwise (per-channel means,
 * as SqueezeNet's Caffe BGR means) the step spans the union of the channels' ranges.
 */
final class InputQuantization {
  private InputQuantization() {}

  static QuantParams of(ModelSpec.Preprocess p) {
    double[] a = new double[3];
    double[] b = new double[3];
    for (int c = 0; c < 3; c++) {
      a[c] = p.pixelScale() / p.std()[c];
      b[c] = -p.mean()[c] / p.std()[c];
    }
    if (a[0] == a[1] && a[1] == a[2] && b[0] == b[1] && b[1] == b[2] && a[0] > 0) {
      double z = -b[0] / a[0];
      if (Math.abs(z - Math.rint(z)) < 1e-9 && z >= 0 && z <= 255) return new QuantParams((float) a[0], (int) Math.rint(z));
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < 3; c++) {
      lo = Math.min(lo, Math.min(b[c], 255 * a[c] + b[c]));
      hi = Math.max(hi, Math.max(b[c], 255 * a[c] + b[c]));
    }
    return QuantParams.ofRange(lo, hi);
  }
}
