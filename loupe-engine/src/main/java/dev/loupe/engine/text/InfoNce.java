package dev.loupe.engine.text;

import dev.loupe.engine.learn.Dense;

/**
 * CLIP's symmetric contrastive loss of a batch: text i belongs to image i, every other image of the batch is a
 * negative for it and every other text a negative for image i. With unit vectors t and v and logits
 * {@code L = exp(logScale) · t·vᵀ}, the loss is the mean of the row-wise (text → image) and column-wise
 * (image → text) cross-entropies of the diagonal. Written by hand because the gradient is all a linear tower needs:
 * a deep-learning library would be the only other way, and none runs in-process in Java here.
 */
final class InfoNce {
  private InfoNce() {}

  /**
   * @param loss the symmetric InfoNCE loss
   * @param texts dLoss/dt, one row per text
   * @param logScale dLoss/dlogScale
   */
  record Gradient(double loss, double[][] texts, double logScale) {}

  /**
   * @param texts unit text vectors, one per pair
   * @param images unit image vectors, one per pair, same order
   */
  static Gradient of(double[][] texts, double[][] images, double logScale) {
    int n = texts.length;
    double scale = Math.exp(logScale);
    double[][] cosines = cosines(texts, images);
    double[][] g = new double[n][n];
    double loss = loss(cosines, scale, g);
    double dLogScale = 0;
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) dLogScale += g[i][j] * scale * cosines[i][j];
    double[][] dTexts = new double[n][];
    Dense.forEachRow(n, i -> {
      double[] row = new double[texts[i].length];
      for (int j = 0; j < n; j++) Dense.axpy(scale * g[i][j], images[j], row);
      dTexts[i] = row;
    });
    return new Gradient(loss, dTexts, dLogScale);
  }

  /** Text i · image j for every pair. */
  static double[][] cosines(double[][] texts, double[][] images) {
    double[][] c = new double[texts.length][images.length];
    Dense.forEachRow(texts.length, i -> {
      for (int j = 0; j < images.length; j++) c[i][j] = Dense.dot(texts[i], images[j]);
    });
    return c;
  }

  /**
   * The loss of the logits {@code scale · cosines}; when {@code dLogits} is not null it receives dLoss/dlogits:
   * (softmax over the row − identity + softmax over the column − identity) / 2n.
   */
  static double loss(double[][] cosines, double scale, double[][] dLogits) {
    int n = cosines.length;
    double loss = 0;
    for (int pass = 0; pass < 2; pass++) {
      boolean columns = pass == 1;
      for (int q = 0; q < n; q++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < n; c++) max = Math.max(max, scale * at(cosines, q, c, columns));
        double sum = 0;
        for (int c = 0; c < n; c++) sum += Math.exp(scale * at(cosines, q, c, columns) - max);
        double lse = max + Math.log(sum);
        loss += lse - scale * cosines[q][q];
        if (dLogits == null) continue;
        for (int c = 0; c < n; c++) {
          double p = Math.exp(scale * at(cosines, q, c, columns) - lse) / (2.0 * n);
          if (columns) dLogits[c][q] += p;
          else dLogits[q][c] += p;
        }
        dLogits[q][q] -= 1.0 / (2.0 * n);
      }
    }
    return loss / (2.0 * n);
  }

  private static double at(double[][] m, int query, int candidate, boolean transpose) {
    return transpose ? m[candidate][query] : m[query][candidate];
  }

  /**
   * The logit scale that minimises the loss of these pairs (a temperature fitted after the fact, for towers whose
   * weights were not trained with one): the best of a log-spaced grid from 1 to 100, CLIP's bound.
   */
  static double fitScale(double[][] texts, double[][] images) {
    double[][] cosines = cosines(texts, images);
    double best = 1;
    double bestLoss = Double.POSITIVE_INFINITY;
    for (int i = 0; i <= 80; i++) {
      double scale = Math.exp(ContrastiveFit.MAX_LOG_SCALE * i / 80.0);
      double l = loss(cosines, scale, null);
      if (l < bestLoss) {
        bestLoss = l;
        best = scale;
      }
    }
    return best;
  }
}
