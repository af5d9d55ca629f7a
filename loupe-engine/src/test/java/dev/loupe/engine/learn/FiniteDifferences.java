package dev.loupe.engine.learn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleSupplier;

/** Checks of hand-written gradients against central differences, shared by the trainers' gradient tests. */
public final class FiniteDifferences {
  /** Step of the central difference: small enough for the curvature, large enough for double rounding. */
  public static final double H = 1e-6;

  private FiniteDifferences() {}

  /** Central difference of {@code loss} along coordinate {@code i} of {@code params} (restored afterwards). */
  public static double numeric(double[] params, int i, DoubleSupplier loss) {
    double saved = params[i];
    params[i] = saved + H;
    double up = loss.getAsDouble();
    params[i] = saved - H;
    double down = loss.getAsDouble();
    params[i] = saved;
    return (up - down) / (2 * H);
  }

  /**
   * Relative agreement within 1e-4, measured against {@code floor} when both values are smaller (a near-zero
   * gradient is compared absolutely).
   */
  public static void assertClose(double analytic, double numeric, double floor, String what) {
    double scale = Math.max(floor, Math.max(Math.abs(analytic), Math.abs(numeric)));
    assertTrue(Math.abs(analytic - numeric) / scale < 1e-4,
        what + ": analytic " + analytic + ", finite difference " + numeric);
  }
}
