package dev.loupe.engine.projection;

import dev.loupe.engine.learn.Dense;

/** The gradient through {@code z = u / |u|}, which both the items and the proxies go through. */
final class Normalise {
  private Normalise() {}

  /** dLoss/du from dLoss/dz, with z the unit vector and norm = |u| (zero when u was zero). */
  static double[] backward(double[] z, double norm, double[] dz) {
    double[] du = new double[z.length];
    if (norm > 0) {
      double along = Dense.dot(z, dz);
      for (int k = 0; k < z.length; k++) du[k] = (dz[k] - z[k] * along) / norm;
    }
    return du;
  }
}
