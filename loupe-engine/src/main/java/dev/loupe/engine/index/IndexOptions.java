package dev.loupe.engine.index;

import dev.loupe.image.DecodeOptions;

/**
 * How an indexing run works.
 *
 * @param threads worker threads; each decodes and embeds its own batches, so all cores stay busy
 * @param batchSize images per model call
 * @param commitEvery items between commits: a killed run loses at most this many (plus batches in flight)
 * @param prune remove items whose file is gone
 * @param decode decoding limits
 */
public record IndexOptions(int threads, int batchSize, int commitEvery, boolean prune, DecodeOptions decode) {

  public IndexOptions {
    if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got: " + threads);
    if (batchSize < 1) throw new IllegalArgumentException("batchSize must be at least 1, got: " + batchSize);
    if (commitEvery < 1) throw new IllegalArgumentException("commitEvery must be at least 1, got: " + commitEvery);
  }

  public static IndexOptions defaults() {
    return new IndexOptions(Runtime.getRuntime().availableProcessors(), 16, 256, false, DecodeOptions.DEFAULTS);
  }

  public IndexOptions withPrune(boolean p) {
    return new IndexOptions(threads, batchSize, commitEvery, p, decode);
  }

  public IndexOptions withThreads(int t) {
    return new IndexOptions(t, batchSize, commitEvery, prune, decode);
  }

  public IndexOptions withCommitEvery(int c) {
    return new IndexOptions(threads, batchSize, c, prune, decode);
  }

  public IndexOptions withBatchSize(int b) {
    return new IndexOptions(threads, b, commitEvery, prune, decode);
  }

  public IndexOptions withDecode(DecodeOptions d) {
    return new IndexOptions(threads, batchSize, commitEvery, prune, d);
  }
}
