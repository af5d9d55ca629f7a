package dev.loupe.image;

/**
 * Resampling filters, with Pillow's definitions. BILINEAR and BICUBIC are antialiased when downscaling: the
 * filter is stretched by the scale factor so every source pixel contributes (Pillow's {@code Image.resize}, not
 * OpenCV's or Java2D's point-sampled bilinear).
 */
public enum Interpolation {
  /** The source pixel under the output pixel's centre (no filtering; {@link #weight} is a unit box). */
  NEAREST(0),
  /** Triangle filter, support 1. */
  BILINEAR(1),
  /** Keys cubic with a = -0.5, support 2. */
  BICUBIC(2);

  private static final double A = -0.5;

  private final double support;

  Interpolation(double support) {
    this.support = support;
  }

  /** Filter radius in source pixels at scale 1. */
  public double support() {
    return support;
  }

  /**
   * The filter's weight at distance {@code x}. The expressions are written as in Pillow's Resample.c so that the
   * double results, and hence the fixed-point coefficients, are identical.
   */
  public double weight(double x) {
    if (x < 0.0) x = -x;
    return switch (this) {
      case NEAREST -> x < 0.5 ? 1.0 : 0.0;
      case BILINEAR -> x < 1.0 ? 1.0 - x : 0.0;
      case BICUBIC -> {
        if (x < 1.0) yield ((A + 2.0) * x - (A + 3.0)) * x * x + 1;
        if (x < 2.0) yield (((x - 5) * x + 8) * x - 4) * A;
        yield 0.0;
      }
    };
  }
}
