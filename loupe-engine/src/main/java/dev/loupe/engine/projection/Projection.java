package dev.loupe.engine.projection;

/**
 * A trained linear map applied to an embedder's vectors: {@code normalise(W · (x − mean))}. Queries and gallery
 * go through the same map, so their cosines are those the map was trained to make class-aware.
 *
 * @param weights output rows of input weights
 * @param mean the training vectors' mean, subtracted first
 */
public record Projection(float[][] weights, float[] mean) {
  public Projection {
    if (weights.length == 0) throw new IllegalArgumentException("a projection needs at least one output dimension");
    for (float[] row : weights) {
      if (row.length != mean.length) {
        throw new IllegalArgumentException("projection rows have " + row.length + " weights for " + mean.length
            + " inputs");
      }
    }
  }

  public int inputDimension() {
    return mean.length;
  }

  public int outputDimension() {
    return weights.length;
  }

  /** The projected unit vector (all zeros only when the map sends {@code v} to zero). */
  public float[] apply(float[] v) {
    if (v.length != mean.length) {
      throw new IllegalArgumentException("vector has " + v.length + " dimensions; the projection takes "
          + mean.length);
    }
    double[] centred = new double[v.length];
    for (int i = 0; i < v.length; i++) centred[i] = (double) v[i] - mean[i];
    double[] u = new double[weights.length];
    double norm = 0;
    for (int k = 0; k < weights.length; k++) {
      float[] row = weights[k];
      double s = 0;
      for (int i = 0; i < row.length; i++) s += row[i] * centred[i];
      u[k] = s;
      norm += s * s;
    }
    norm = Math.sqrt(norm);
    float[] out = new float[u.length];
    if (norm > 0) for (int k = 0; k < u.length; k++) out[k] = (float) (u[k] / norm);
    return out;
  }
}
