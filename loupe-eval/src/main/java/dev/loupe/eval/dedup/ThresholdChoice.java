package dev.loupe.eval.dedup;

import java.util.List;
import java.util.Optional;

/**
 * The rule that picks {@code loupe dedup}'s default threshold from a sweep: the lowest threshold at which the
 * groups' pairwise precision, and that of every higher threshold swept, is at least {@code minPrecision}. A false
 * merge can cost a user a photo they meant to keep, a miss only leaves a copy in place, so precision is held and
 * recall taken as it comes; "every higher threshold too" keeps one lucky point of a noisy curve from setting it.
 * Thresholds predicting fewer than {@link #MIN_PAIRS} pairs are not judged: there one pair moves precision by more
 * than the 5 % the rule allows.
 */
public final class ThresholdChoice {
  /** The precision held: at most one pair in twenty grouped wrongly. */
  public static final double MIN_PRECISION = 0.95;
  /** Predicted pairs a threshold needs before its precision counts. */
  public static final long MIN_PAIRS = 20;

  private ThresholdChoice() {}

  /** The chosen row, or empty when even the highest threshold swept falls short. */
  public static Optional<DedupEvaluation.Row> lowestPrecise(List<DedupEvaluation.Row> rows, double minPrecision) {
    List<DedupEvaluation.Row> sorted = rows.stream()
        .sorted((a, b) -> Float.compare(b.threshold(), a.threshold())).toList();
    DedupEvaluation.Row chosen = null;
    for (DedupEvaluation.Row r : sorted) {
      if (r.metrics().predictedPairs() < MIN_PAIRS) continue;
      if (r.metrics().precision() < minPrecision) break;
      chosen = r;
    }
    return Optional.ofNullable(chosen);
  }

  /** The row of the highest F1 (the higher threshold on a tie). */
  public static DedupEvaluation.Row bestF1(List<DedupEvaluation.Row> rows) {
    DedupEvaluation.Row best = null;
    for (DedupEvaluation.Row r : rows) {
      if (best == null || r.metrics().f1() > best.metrics().f1()
          || r.metrics().f1() == best.metrics().f1() && r.threshold() > best.threshold()) {
        best = r;
      }
    }
    return best;
  }
}
