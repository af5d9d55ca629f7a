package dev.loupe.engine.projection;

import dev.loupe.engine.learn.Dense;
import java.util.Random;

/**
 * The trainable part of a projection: {@code z = normalise(W · (x − mean))}, W of size output × input. Centring on
 * the training mean first takes out the direction every photo of a model shares, so W spends itself on what
 * tells classes apart. The parameters are a mutable row-major array that the optimiser updates in place.
 */
final class LinearMap {
  final int input;
  final int output;
  /** output × input, row-major. */
  final double[] weights;
  final double[] mean;

  LinearMap(int input, int output, double[] weights, double[] mean) {
    if (weights.length != input * output || mean.length != input) {
      throw new IllegalArgumentException("parameter sizes do not match " + output + "×" + input);
    }
    this.input = input;
    this.output = output;
    this.weights = weights;
    this.mean = mean;
  }

  /**
   * The identity when output = input, so training starts from the embedder's own ranking (after centring) and
   * early stopping can only keep something at least as good on the validation items; otherwise a seeded Gaussian
   * map scaled by 1/sqrt(output), which preserves cosines up to about 1/sqrt(output) (Johnson–Lindenstrauss).
   */
  static LinearMap initial(int input, int output, double[] mean, Random random) {
    double[] w = new double[input * output];
    if (input == output) {
      for (int i = 0; i < input; i++) w[i * input + i] = 1;
    } else {
      double s = 1 / Math.sqrt(output);
      for (int i = 0; i < w.length; i++) w[i] = random.nextGaussian() * s;
    }
    return new LinearMap(input, output, w, mean);
  }

  LinearMap copy() {
    return new LinearMap(input, output, weights.clone(), mean);
  }

  /** What the backward pass needs of the forward one. */
  record Forward(double[][] centred, double[] norms, double[][] unit) {}

  Forward forward(double[][] x) {
    int n = x.length;
    double[][] centred = new double[n][];
    double[] norms = new double[n];
    double[][] unit = new double[n][];
    Dense.forEachRow(n, b -> {
      double[] c = new double[input];
      for (int i = 0; i < input; i++) c[i] = x[b][i] - mean[i];
      double[] u = new double[output];
      for (int k = 0; k < output; k++) u[k] = Dense.dot(weights, k * input, c);
      double norm = Dense.norm(u);
      if (norm > 0) for (int k = 0; k < output; k++) u[k] /= norm;
      centred[b] = c;
      norms[b] = norm;
      unit[b] = u;
    });
    return new Forward(centred, norms, unit);
  }

  /** dLoss/dW from dLoss/d(unit vectors), through the normalisation. */
  double[] backward(Forward f, double[][] dUnit) {
    int n = dUnit.length;
    double[][] dRaw = new double[n][];
    Dense.forEachRow(n, b -> dRaw[b] = Normalise.backward(f.unit()[b], f.norms()[b], dUnit[b]));
    double[] dWeights = new double[output * input];
    Dense.forEachRow(output, k -> {
      double[] row = new double[input];
      for (int b = 0; b < n; b++) Dense.axpy(dRaw[b][k], f.centred()[b], row);
      System.arraycopy(row, 0, dWeights, k * input, input);
    });
    return dWeights;
  }

  /** The weights as the saved projection keeps them: output rows of input floats. */
  float[][] weightRows() {
    float[][] w = new float[output][input];
    for (int k = 0; k < output; k++) for (int i = 0; i < input; i++) w[k][i] = (float) weights[k * input + i];
    return w;
  }
}
