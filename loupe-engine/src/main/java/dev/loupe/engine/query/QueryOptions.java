package dev.loupe.engine.query;

import dev.loupe.engine.rerank.KReciprocal;
import java.util.List;

/**
 * Query-time retrieval levers.
 *
 * @param tta extra augmented views of each query image; the query vector is the normalised mean of the
 *     image's and the views' vectors (0 = off)
 * @param crops overlapping crops the query is cut into (1 = the whole image only); each is searched and an
 *     item's score is its best score over the crops, which finds a whole image from a partial photo of it;
 *     1 = whole image, 5 = plus 4 corner crops, 9 = plus 4 edge crops, 10 = plus the centre (60% of each side)
 * @param qeTop average query expansion (alpha-QE): re-query with the query plus its top {@code qeTop} hits'
 *     vectors weighted by {@code score^qeAlpha} (0 = off)
 * @param qeAlpha exponent of the alpha-QE weights (0 gives plain average QE)
 * @param like item ids marked relevant (Rocchio relevance feedback)
 * @param unlike item ids marked not relevant
 * @param rerank k-reciprocal re-ranking of the top {@code rerank} candidates after the search (0 = off, at most
 *     {@link #MAX_RERANK}); see {@link KReciprocal}
 * @param rerankMethod the re-ranking's parameters (k1, k2, lambda)
 */
public record QueryOptions(int tta, int crops, int qeTop, double qeAlpha, List<String> like, List<String> unlike,
    int rerank, KReciprocal rerankMethod) {
  public static final QueryOptions NONE = new QueryOptions(0, 1, 0, 3.0, List.of(), List.of());
  /** Bound on {@link #rerank}: the re-ranking computes (R + 1)^2 / 2 distances per query. */
  public static final int MAX_RERANK = 1000;

  public QueryOptions {
    if (tta < 0 || tta > 64) throw new IllegalArgumentException("tta must be in 0..64, got: " + tta);
    if (!dev.loupe.image.MultiCrop.isValidCount(crops)) {
      throw new IllegalArgumentException("crops must be in 1.." + dev.loupe.image.MultiCrop.MAX_CROPS + ", got: " + crops);
    }
    if (qeTop < 0) throw new IllegalArgumentException("qeTop must be at least 0, got: " + qeTop);
    // NaN passes every comparison: refused here, not deep inside the weights of the expansion.
    if (!Double.isFinite(qeAlpha) || qeAlpha < 0) {
      throw new IllegalArgumentException("qeAlpha must be a number of at least 0, got: " + qeAlpha);
    }
    if (rerank < 0 || rerank > MAX_RERANK) {
      throw new IllegalArgumentException("rerank must be in 0.." + MAX_RERANK + ", got: " + rerank);
    }
    java.util.Objects.requireNonNull(rerankMethod, "rerankMethod");
    like = List.copyOf(like);
    unlike = List.copyOf(unlike);
  }

  /** Options without re-ranking. */
  public QueryOptions(int tta, int crops, int qeTop, double qeAlpha, List<String> like, List<String> unlike) {
    this(tta, crops, qeTop, qeAlpha, like, unlike, 0, KReciprocal.DEFAULT);
  }

  public QueryOptions withTta(int n) {
    return new QueryOptions(n, crops, qeTop, qeAlpha, like, unlike, rerank, rerankMethod);
  }

  public QueryOptions withCrops(int n) {
    return new QueryOptions(tta, n, qeTop, qeAlpha, like, unlike, rerank, rerankMethod);
  }

  public QueryOptions withQe(int top, double alpha) {
    return new QueryOptions(tta, crops, top, alpha, like, unlike, rerank, rerankMethod);
  }

  public QueryOptions withFeedback(List<String> liked, List<String> unliked) {
    return new QueryOptions(tta, crops, qeTop, qeAlpha, liked, unliked, rerank, rerankMethod);
  }

  public QueryOptions withRerank(int candidates) {
    return new QueryOptions(tta, crops, qeTop, qeAlpha, like, unlike, candidates, rerankMethod);
  }

  public QueryOptions withRerankMethod(KReciprocal method) {
    return new QueryOptions(tta, crops, qeTop, qeAlpha, like, unlike, rerank, method);
  }

  public boolean hasFeedback() {
    return !like.isEmpty() || !unlike.isEmpty();
  }
}
