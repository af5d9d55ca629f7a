package dev.loupe.engine.projection;

import dev.loupe.engine.learn.Dense;

/**
 * The normalised-softmax proxy loss (Proxy-NCA++ without its extras): each class has one learned proxy; an item's
 * unit vector z and the unit proxies give logits {@code exp(logScale) · z·p̂}, and the loss is the mean
 * cross-entropy of each item's own class. It needs no pairs or triplets, so a batch of any size sees every class
 * (the proxies are the negatives), and one epoch is linear in the items. Gradients are hand-written, as the text
 * tower's InfoNCE, and checked against finite differences.
 */
final class ProxyLoss {
  private ProxyLoss() {}

  /**
   * @param loss the mean cross-entropy
   * @param items dLoss/dz, one row per item
   * @param proxies dLoss/dproxies (the raw proxies, through their normalisation)
   * @param logScale dLoss/dlogScale
   */
  record Gradient(double loss, double[][] items, double[][] proxies, double logScale) {}

  /**
   * @param items unit item vectors
   * @param labels each item's class, an index into proxies
   * @param proxies one raw (not necessarily unit) vector per class
   */
  static Gradient of(double[][] items, int[] labels, double[][] proxies, double logScale) {
    int n = items.length;
    int classes = proxies.length;
    double scale = Math.exp(logScale);
    double[] proxyNorms = new double[classes];
    double[][] unit = new double[classes][];
    for (int c = 0; c < classes; c++) {
      proxyNorms[c] = Dense.norm(proxies[c]);
      unit[c] = proxies[c].clone();
      for (int k = 0; k < unit[c].length; k++) unit[c][k] /= proxyNorms[c];
    }
    double[][] cosines = new double[n][classes];
    double[][] g = new double[n][classes]; // dLoss/dlogits
    double[] losses = new double[n];
    Dense.forEachRow(n, b -> {
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < classes; c++) {
        cosines[b][c] = Dense.dot(items[b], unit[c]);
        max = Math.max(max, scale * cosines[b][c]);
      }
      double sum = 0;
      for (int c = 0; c < classes; c++) sum += Math.exp(scale * cosines[b][c] - max);
      double lse = max + Math.log(sum);
      losses[b] = lse - scale * cosines[b][labels[b]];
      for (int c = 0; c < classes; c++) g[b][c] = Math.exp(scale * cosines[b][c] - lse) / n;
      g[b][labels[b]] -= 1.0 / n;
    });
    double loss = 0;
    double dLogScale = 0;
    for (int b = 0; b < n; b++) {
      loss += losses[b];
      for (int c = 0; c < classes; c++) dLogScale += g[b][c] * scale * cosines[b][c];
    }
    double[][] dItems = new double[n][];
    Dense.forEachRow(n, b -> {
      double[] row = new double[items[b].length];
      for (int c = 0; c < classes; c++) Dense.axpy(scale * g[b][c], unit[c], row);
      dItems[b] = row;
    });
    double[][] dProxies = new double[classes][];
    Dense.forEachRow(classes, c -> {
      double[] dUnit = new double[unit[c].length];
      for (int b = 0; b < n; b++) Dense.axpy(scale * g[b][c], items[b], dUnit);
      dProxies[c] = Normalise.backward(unit[c], proxyNorms[c], dUnit);
    });
    return new Gradient(loss / n, dItems, dProxies, dLogScale);
  }
}
