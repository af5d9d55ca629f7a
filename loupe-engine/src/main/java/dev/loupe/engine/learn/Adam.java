package dev.loupe.engine.learn;

/**
 * Adam (Kingma and Ba) for one parameter array, updated in place: per-coordinate step sizes make rare words'
 * embeddings (text tower) and rarely active proxies (projection) learn as fast as common ones. Hand-written
 * because no deep-learning library runs in-process in Java here, and the models trained are small.
 * The learned ranking ({@code dev.loupe.engine.ranking}) steps its weights with it too.
 */
public final class Adam {
  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPSILON = 1e-8;

  private final double learningRate;
  private final double[] m;
  private final double[] v;
  private int steps;

  public Adam(int size, double learningRate) {
    this.learningRate = learningRate;
    this.m = new double[size];
    this.v = new double[size];
  }

  public void step(double[] params, double[] gradient) {
    steps++;
    double c1 = 1 - Math.pow(BETA1, steps);
    double c2 = 1 - Math.pow(BETA2, steps);
    for (int i = 0; i < params.length; i++) {
      double g = gradient[i];
      m[i] = BETA1 * m[i] + (1 - BETA1) * g;
      v[i] = BETA2 * v[i] + (1 - BETA2) * g * g;
      params[i] -= learningRate * (m[i] / c1) / (Math.sqrt(v[i] / c2) + EPSILON);
    }
  }
}
