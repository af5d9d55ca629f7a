package dev.loupe.engine.learn;

/**
 * The epoch bound and patience of a training loop that keeps its best epoch: {@link #more} says whether to run
 * another epoch, {@link #record} whether the epoch just run is the best so far (strictly better: the earliest of
 * equal scores is kept). Mutable on purpose: one per training run, owned by its loop.
 */
public final class EarlyStopping {
  private final int maxEpochs;
  private final int patience;
  private int epoch;
  private int bestEpoch;
  private double bestScore = Double.NEGATIVE_INFINITY;

  /**
   * @param maxEpochs bound on the epochs run
   * @param patience epochs without a better score before stopping
   */
  public EarlyStopping(int maxEpochs, int patience) {
    if (maxEpochs < 1 || patience < 1) {
      throw new IllegalArgumentException("epochs and patience must be at least 1, got " + maxEpochs + ", " + patience);
    }
    this.maxEpochs = maxEpochs;
    this.patience = patience;
  }

  /** Whether to run another epoch; counts it when so. */
  public boolean more() {
    if (epoch >= maxEpochs || epoch - bestEpoch >= patience) return false;
    epoch++;
    return true;
  }

  /** Records the score of the epoch just run; true when it is the best so far (keep its parameters). */
  public boolean record(double score) {
    if (!(score > bestScore)) return false;
    bestScore = score;
    bestEpoch = epoch;
    return true;
  }

  public int epoch() {
    return epoch;
  }

  public int bestEpoch() {
    return bestEpoch;
  }

  public double bestScore() {
    return bestScore;
  }
}
