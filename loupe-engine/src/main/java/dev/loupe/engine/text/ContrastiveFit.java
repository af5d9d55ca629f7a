package dev.loupe.engine.text;

import dev.loupe.engine.learn.Adam;
import dev.loupe.engine.learn.Dense;
import dev.loupe.engine.learn.EarlyStopping;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Trains a {@link PooledProjection} with the symmetric InfoNCE loss and a learned temperature (locked-image tuning:
 * the image vectors are fixed targets), by Adam on shuffled mini-batches. After each epoch the held-back pairs are
 * ranked (text → image mean reciprocal rank); training stops when that has not improved for {@code patience}
 * epochs, and the parameters of the best epoch are kept. Everything random comes from the seed.
 */
final class ContrastiveFit {
  /** The largest logit scale, as CLIP clamps it: beyond it the loss only sharpens ties. */
  static final double MAX_LOG_SCALE = Math.log(100);

  /**
   * @param hidden width of the learned embeddings
   * @param batch pairs per step: each pair's negatives are the batch's other pairs
   * @param learningRate Adam's step size
   * @param maxEpochs bound on the passes over the training pairs
   * @param patience epochs without a better validation score before stopping
   */
  record Settings(int hidden, int batch, double learningRate, int maxEpochs, int patience, long seed) {
    static final Settings DEFAULTS = new Settings(256, 256, 3e-3, 200, 10, 42);

    Settings {
      if (hidden < 1 || batch < 2 || maxEpochs < 1 || patience < 1 || !(learningRate > 0)) {
        throw new IllegalArgumentException("bad contrastive settings: " + hidden + ", " + batch + ", " + learningRate
            + ", " + maxEpochs + ", " + patience);
      }
    }

    Settings withSeed(long s) {
      return new Settings(hidden, batch, learningRate, maxEpochs, patience, s);
    }
  }

  /**
   * @param weights features × dimension, as a ridge tower's
   * @param logitScale the learned temperature at the best epoch
   * @param epochs epochs run
   * @param bestEpoch the epoch whose parameters were kept
   * @param validationMrr text → image mean reciprocal rank on the held-back pairs at the best epoch
   */
  record Result(float[][] weights, double logitScale, int epochs, int bestEpoch, double validationMrr) {}

  private ContrastiveFit() {}

  /**
   * @param rows training rows (a row without any feature is left out: it has no direction to learn)
   * @param images the training pairs' image vectors, centred and unit length
   * @param heldRows held-back rows, for early stopping
   * @param heldImages held-back image vectors, centred and unit length
   */
  static Result fit(List<WordFeatures.Row> rows, float[][] images, int features, List<WordFeatures.Row> heldRows,
      double[][] heldImages, Settings settings, Consumer<String> log) {
    List<Integer> usable = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) if (rows.get(i).index().length > 0) usable.add(i);
    if (usable.size() < 2) throw new IllegalArgumentException("fewer than two training texts have a known feature");
    double[][] targets = Dense.toDouble(images);
    Random random = new Random(settings.seed());
    PooledProjection model = PooledProjection.initial(features, settings.hidden(), images[0].length, random);
    Adam embeddingSteps = new Adam(model.embeddings.length, settings.learningRate());
    Adam projectionSteps = new Adam(model.projection.length, settings.learningRate());
    Adam scaleSteps = new Adam(1, settings.learningRate());
    PooledProjection best = model.copy();
    EarlyStopping stopping = new EarlyStopping(settings.maxEpochs(), settings.patience());
    while (stopping.more()) {
      int epoch = stopping.epoch();
      List<Integer> order = new ArrayList<>(usable);
      java.util.Collections.shuffle(order, random);
      double loss = 0;
      int batches = 0;
      for (int start = 0; start + 1 < order.size(); start += settings.batch()) {
        List<Integer> batch = order.subList(start, Math.min(order.size(), start + settings.batch()));
        List<WordFeatures.Row> batchRows = batch.stream().map(rows::get).toList();
        double[][] batchImages = batch.stream().map(i -> targets[i]).toArray(double[][]::new);
        PooledProjection.Forward f = model.forward(batchRows);
        InfoNce.Gradient g = InfoNce.of(f.unit(), batchImages, model.logScale[0]);
        PooledProjection.Gradients grads = model.backward(batchRows, f, g.texts());
        embeddingSteps.step(model.embeddings, grads.embeddings());
        projectionSteps.step(model.projection, grads.projection());
        scaleSteps.step(model.logScale, new double[] {g.logScale()});
        model.logScale[0] = Math.min(model.logScale[0], MAX_LOG_SCALE);
        loss += g.loss();
        batches++;
      }
      double mrr = meanReciprocalRank(model.forward(heldRows).unit(), heldImages);
      log.accept(String.format(java.util.Locale.ROOT, "epoch %d: loss %.4f, held-back MRR %.4f, temperature %.1f",
          epoch, loss / batches, mrr, Math.exp(model.logScale[0])));
      if (stopping.record(mrr)) best = model.copy();
    }
    return new Result(best.collapse(), Math.exp(best.logScale[0]), stopping.epoch(), stopping.bestEpoch(),
        stopping.bestScore());
  }

  /** Text → image mean reciprocal rank, ties counted against the partner. */
  static double meanReciprocalRank(double[][] texts, double[][] images) {
    double[] reciprocal = new double[texts.length];
    Dense.forEachRow(texts.length, q -> {
      double mine = Dense.dot(texts[q], images[q]);
      int rank = 1;
      for (int c = 0; c < images.length; c++) if (c != q && Dense.dot(texts[q], images[c]) >= mine) rank++;
      reciprocal[q] = 1.0 / rank;
    });
    double sum = 0;
    for (double r : reciprocal) sum += r;
    return sum / texts.length;
  }
}
