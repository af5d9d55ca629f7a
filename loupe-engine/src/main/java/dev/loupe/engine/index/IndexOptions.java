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
 * @param maxFileBytes files larger than this are skipped before reading: each worker holds one file's bytes
 *     while decoding it, so this bounds that memory (threads x maxFileBytes)
 */
public record IndexOptions(int threads, int batchSize, int commitEvery, boolean prune, DecodeOptions decode,
    long maxFileBytes) {

  /**
   * 64 MiB: a 100-megapixel JPEG (the default pixel limit) is about 30-50 MB; larger files are uncompressed
   * formats whose pixels would exceed the pixel limit anyway, or not photos.
   */
  public static final long DEFAULT_MAX_FILE_BYTES = 64L << 20;

  /** The reason a file over the byte limit is skipped (also by loupe spark-embed, which must say the same). */
  public static String tooLargeReason(long size, long maxFileBytes) {
    return "file too large (" + size + " bytes; the limit is " + maxFileBytes + ")";
  }

  public IndexOptions {
    if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got: " + threads);
    if (batchSize < 1) throw new IllegalArgumentException("batchSize must be at least 1, got: " + batchSize);
    if (commitEvery < 1) throw new IllegalArgumentException("commitEvery must be at least 1, got: " + commitEvery);
    if (maxFileBytes < 1) throw new IllegalArgumentException("maxFileBytes must be at least 1, got: " + maxFileBytes);
  }

  /**
   * Images per model call. Each worker's batch holds ONNX Runtime's intermediate tensors, so peak memory grows
   * with threads × batch; on the 2-core reference machine batch 8 indexed as fast as 16 (131 vs 109 images/s,
   * medians of 3) at 690 instead of 890 MB peak RSS (docs/benchmarks.md).
   */
  public static final int DEFAULT_BATCH_SIZE = 8;

  public static IndexOptions defaults() {
    return new IndexOptions(Runtime.getRuntime().availableProcessors(), DEFAULT_BATCH_SIZE, 256, false, DecodeOptions.DEFAULTS,
        DEFAULT_MAX_FILE_BYTES);
  }

  public IndexOptions withPrune(boolean p) {
    return new IndexOptions(threads, batchSize, commitEvery, p, decode, maxFileBytes);
  }

  public IndexOptions withThreads(int t) {
    return new IndexOptions(t, batchSize, commitEvery, prune, decode, maxFileBytes);
  }

  public IndexOptions withCommitEvery(int c) {
    return new IndexOptions(threads, batchSize, c, prune, decode, maxFileBytes);
  }

  public IndexOptions withBatchSize(int b) {
    return new IndexOptions(threads, b, commitEvery, prune, decode, maxFileBytes);
  }

  public IndexOptions withDecode(DecodeOptions d) {
    return new IndexOptions(threads, batchSize, commitEvery, prune, d, maxFileBytes);
  }

  public IndexOptions withMaxFileBytes(long bytes) {
    return new IndexOptions(threads, batchSize, commitEvery, prune, decode, bytes);
  }
}
