package dev.loupe.onnx.quantize;

/**
 * A tensor that gets a QuantizeLinear after its producer, and how its range is found.
 *
 * @param tensor the tensor's name
 * @param kind where the range comes from
 * @param lowerBound values below cannot occur (0 after a ReLU), or -infinity
 * @param upperBound values above cannot occur (6 after a ReLU6), or +infinity
 * @param follows for {@link Kind#FOLLOWS}: the tensor whose quantization this one shares, else null
 */
record ActivationTarget(String tensor, Kind kind, double lowerBound, double upperBound, String follows) {
  enum Kind {
    /** The image input: its range is known from the spec's preprocessing. */
    INPUT,
    /** Measured on the calibration images. */
    CALIBRATED,
    /** The same quantization as another tensor (a max-pool of it: the same values, so the same step). */
    FOLLOWS
  }

  static ActivationTarget calibrated(String tensor, double lowerBound, double upperBound) {
    return new ActivationTarget(tensor, Kind.CALIBRATED, lowerBound, upperBound, null);
  }
}
