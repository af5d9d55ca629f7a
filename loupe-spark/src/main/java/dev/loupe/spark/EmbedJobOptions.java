package dev.loupe.spark;

import java.util.Objects;

/**
 * Where a run reads and writes.
 *
 * @param source the folder of images, as a Spark path ({@code file:/...}, {@code hdfs://...}, {@code s3a://...})
 * @param out the output folder (must not exist yet): rows in {@code items/}, the report in {@code skipped/}
 * @param previous an earlier output whose rows are reused for unchanged content, or null
 * @param glob Spark's {@code pathGlobFilter} on file names, or null for every image name
 * @param partitions partitions the files are spread over (Spark's default parallelism unless given)
 * @param maxFileBytes files larger than this are skipped unread
 * @param maxPreviousHashes a previous output with more distinct content hashes is refused (the driver collects
 *     them; {@link EmbedJob#MAX_PREVIOUS_HASHES})
 */
record EmbedJobOptions(String source, String out, String previous, String glob, int partitions, long maxFileBytes,
    long maxPreviousHashes) {
  EmbedJobOptions {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(out, "out");
    if (partitions < 1) throw new IllegalArgumentException("partitions must be at least 1, got: " + partitions);
    if (maxFileBytes < 1) throw new IllegalArgumentException("maxFileBytes must be at least 1, got: " + maxFileBytes);
    if (maxPreviousHashes < 0) {
      throw new IllegalArgumentException("maxPreviousHashes must be at least 0, got: " + maxPreviousHashes);
    }
  }
}
