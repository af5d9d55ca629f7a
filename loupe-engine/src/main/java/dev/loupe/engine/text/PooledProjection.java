package dev.loupe.engine.text;

import dev.loupe.engine.learn.Dense;
import java.util.List;
import java.util.Random;

/**
 * Text base (b)'s trainable part: each feature of a row (a word of the vocabulary, or a MiniLM dimension) has a
 * learned embedding; a text's embeddings are pooled with its row's weights (TF-IDF: a weighted mean of its words'
 * embeddings), then projected linearly into the image space and normalised. The parameters are mutable arrays
 * that the trainer's optimiser updates in place; {@link #collapse} turns them into the same weights matrix a
 * ridge tower has, so a trained tower is used and saved like any other.
 */
final class PooledProjection {
  final int features;
  final int hidden;
  final int dimension;
  /** features × hidden, row-major. */
  final double[] embeddings;
  /** hidden × dimension, row-major. */
  final double[] projection;
  /** log of the logit scale (CLIP's learned temperature), one element so the optimiser can update it. */
  final double[] logScale;

  PooledProjection(int features, int hidden, int dimension, double[] embeddings, double[] projection, double logScale) {
    if (embeddings.length != features * hidden || projection.length != hidden * dimension) {
      throw new IllegalArgumentException("parameter sizes do not match " + features + "×" + hidden + "×" + dimension);
    }
    this.features = features;
    this.hidden = hidden;
    this.dimension = dimension;
    this.embeddings = embeddings;
    this.projection = projection;
    this.logScale = new double[] {logScale};
  }

  /** Gaussian weights scaled by 1/sqrt(fan-in) and CLIP's initial temperature 0.07, from the seed. */
  static PooledProjection initial(int features, int hidden, int dimension, Random random) {
    double[] e = new double[features * hidden];
    double[] p = new double[hidden * dimension];
    for (int i = 0; i < e.length; i++) e[i] = random.nextGaussian();
    double s = 1 / Math.sqrt(hidden);
    for (int i = 0; i < p.length; i++) p[i] = random.nextGaussian() * s;
    return new PooledProjection(features, hidden, dimension, e, p, Math.log(1 / 0.07));
  }

  PooledProjection copy() {
    return new PooledProjection(features, hidden, dimension, embeddings.clone(), projection.clone(), logScale[0]);
  }

  /** What the backward pass needs of the forward one. */
  record Forward(double[][] pooled, double[] norms, double[][] unit) {}

  Forward forward(List<WordFeatures.Row> rows) {
    int n = rows.size();
    double[][] pooled = new double[n][];
    double[] norms = new double[n];
    double[][] unit = new double[n][];
    Dense.forEachRow(n, b -> {
      WordFeatures.Row row = rows.get(b);
      double[] x = new double[hidden];
      for (int p = 0; p < row.index().length; p++) Dense.axpy(row.value()[p], embeddings, row.index()[p] * hidden, x);
      double[] u = new double[dimension];
      for (int k = 0; k < hidden; k++) Dense.axpy(x[k], projection, k * dimension, u);
      double norm = Dense.norm(u);
      if (norm > 0) for (int c = 0; c < dimension; c++) u[c] /= norm;
      pooled[b] = x;
      norms[b] = norm;
      unit[b] = u;
    });
    return new Forward(pooled, norms, unit);
  }

  /** Gradients of the loss with respect to the parameters (the log scale's comes from the loss itself). */
  record Gradients(double[] embeddings, double[] projection) {}

  /** Back-propagates dLoss/d(unit text vectors) through the normalisation, the projection and the pooling. */
  Gradients backward(List<WordFeatures.Row> rows, Forward f, double[][] dUnit) {
    int n = rows.size();
    double[][] dRaw = new double[n][];
    Dense.forEachRow(n, b -> {
      double[] t = f.unit()[b];
      double[] g = new double[dimension];
      if (f.norms()[b] > 0) {
        double along = Dense.dot(t, dUnit[b]);
        for (int c = 0; c < dimension; c++) g[c] = (dUnit[b][c] - t[c] * along) / f.norms()[b];
      }
      dRaw[b] = g;
    });
    double[] dProjection = new double[hidden * dimension];
    Dense.forEachRow(hidden, k -> {
      double[] row = new double[dimension];
      for (int b = 0; b < n; b++) Dense.axpy(f.pooled()[b][k], dRaw[b], row);
      System.arraycopy(row, 0, dProjection, k * dimension, dimension);
    });
    double[][] dPooled = new double[n][hidden];
    Dense.forEachRow(n, b -> {
      for (int k = 0; k < hidden; k++) {
        double s = 0;
        for (int c = 0; c < dimension; c++) s += projection[k * dimension + c] * dRaw[b][c];
        dPooled[b][k] = s;
      }
    });
    double[] dEmbeddings = new double[features * hidden];
    for (int b = 0; b < n; b++) { // sequential: rows share words, and the sum order must not vary
      WordFeatures.Row row = rows.get(b);
      for (int p = 0; p < row.index().length; p++) {
        int at = row.index()[p] * hidden;
        double v = row.value()[p];
        for (int k = 0; k < hidden; k++) dEmbeddings[at + k] += v * dPooled[b][k];
      }
    }
    return new Gradients(dEmbeddings, dProjection);
  }

  /** The tower's weights: embeddings × projection, features × dimension (a text's vector is its row times them). */
  float[][] collapse() {
    float[][] w = new float[features][];
    Dense.forEachRow(features, i -> {
      double[] row = new double[dimension];
      for (int k = 0; k < hidden; k++) Dense.axpy(embeddings[i * hidden + k], projection, k * dimension, row);
      float[] out = new float[dimension];
      for (int c = 0; c < dimension; c++) out[c] = (float) row[c];
      w[i] = out;
    });
    return w;
  }
}
