package dev.loupe.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

import dev.loupe.engine.index.IndexOptions;
import dev.loupe.parquet.EmbeddingColumns;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The Spark pipeline: {@code binaryFile} rows of a folder, embedded partition by partition
 * ({@link PartitionEmbedder}), written as uncompressed Parquet rows ({@link EmbeddingColumns}: float vectors
 * hardly compress, and `loupe index --from-parquet` then needs no codec library) plus a skipped report.
 *
 * <p>Files larger than the byte limit are filtered on their length, which {@code binaryFile} knows without reading
 * them, and reported as skipped. With a previous output, files whose content hash is there take its vector, width
 * and height (a join on the hash) instead of being embedded again; the previous output must come from the same
 * model file.
 */
final class EmbedJob {
  /** Skipped files named on stderr; all of them are in the report. */
  static final int SKIPS_SHOWN = 20;

  /**
   * Distinct content hashes of a {@code --previous} output the driver collects and broadcasts, at most: about 120
   * bytes each in every JVM, so 5 million take some 600 MB of each executor's heap.
   */
  static final long MAX_PREVIOUS_HASHES = 5_000_000;

  private static final StructType SKIPS = new StructType()
      .add(EmbeddingColumns.PATH, DataTypes.StringType, false)
      .add(EmbeddingColumns.REASON, DataTypes.StringType, false);

  private final SparkSession spark;
  private final EmbedJobOptions options;
  private final EmbedSettings settings;

  EmbedJob(SparkSession spark, EmbedJobOptions options, EmbedSettings settings) {
    this.spark = spark;
    this.options = options;
    this.settings = settings;
  }

  EmbedSummary run() {
    DataFrameReader reader = spark.read().format("binaryFile").option("recursiveFileLookup", "true");
    if (options.glob() != null) reader = reader.option("pathGlobFilter", options.glob());
    Dataset<Row> files = reader.load(options.source())
        .filter((FilterFunction<Row>) r -> PartitionEmbedder.isImage(r.getString(0)));
    long max = options.maxFileBytes();
    Dataset<Row> tooLarge = files.where(col("length").gt(max)).select("path", "length")
        .map((MapFunction<Row, Row>) r -> RowFactory.create(PartitionEmbedder.localPath(r.getString(0)),
            IndexOptions.tooLargeReason(r.getLong(1), max)), Encoders.row(SKIPS));

    Dataset<Row> previous = options.previous() == null ? null : previousRows();
    Set<String> known = new HashSet<>();
    if (previous != null) {
      Dataset<String> distinct = previous.select(EmbeddingColumns.CONTENT_HASH).distinct().as(Encoders.STRING());
      // Every distinct hash goes to the driver and into each executor's broadcast: counted before it is collected.
      long count = distinct.count();
      if (count > options.maxPreviousHashes()) {
        throw new UsageException("--previous " + options.previous() + ": " + count + " distinct content hashes, "
            + "more than the " + options.maxPreviousHashes() + " the driver holds; embed the archive in folders of "
            + "at most that many images");
      }
      known.addAll(distinct.collectAsList());
    }
    Broadcast<Set<String>> hashes = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(known);

    // Partitions = cores: binaryFile splits a folder of photos into more partitions than cores, and each partition
    // is a task with its own start-up and batch tail.
    Dataset<Row> rows = files.where(col("length").leq(max)).coalesce(options.partitions())
        .mapPartitions(new PartitionEmbedder(settings, hashes), Encoders.row(RowSchema.ROWS))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Column skippedRow = col(EmbeddingColumns.REASON).isNotNull();
      Column reusedRow = col(RowSchema.REUSED);
      Column[] written = EmbeddingColumns.ALL.stream().map(c -> col(c)).toArray(Column[]::new);
      Dataset<Row> items = rows.where(not(skippedRow).and(not(reusedRow))).select(written);
      if (previous != null) {
        Dataset<Row> fromPrevious = previous.select(EmbeddingColumns.CONTENT_HASH, EmbeddingColumns.WIDTH,
            EmbeddingColumns.HEIGHT, EmbeddingColumns.VECTOR).dropDuplicates(EmbeddingColumns.CONTENT_HASH);
        Dataset<Row> reused = rows.where(reusedRow)
            .drop(EmbeddingColumns.WIDTH, EmbeddingColumns.HEIGHT, EmbeddingColumns.VECTOR)
            .join(fromPrevious, EmbeddingColumns.CONTENT_HASH).select(written);
        items = items.unionByName(reused);
      }
      items.write().option("compression", "none").parquet(options.out() + "/" + EmbeddingColumns.ITEMS);
      Dataset<Row> skipped = rows.where(skippedRow).select(EmbeddingColumns.PATH, EmbeddingColumns.REASON)
          .unionByName(tooLarge);
      String skippedDir = options.out() + "/" + EmbeddingColumns.SKIPPED;
      skipped.coalesce(1).write().option("compression", "none").parquet(skippedDir);
      long embedded = rows.where(not(skippedRow).and(not(reusedRow))).count();
      long reusedCount = rows.where(reusedRow).count();
      // Counted and shown from the report as written: the same files, and the source is not listed again.
      Dataset<Row> report = spark.read().parquet(skippedDir);
      long skippedCount = report.count();
      List<String> first = report.limit(SKIPS_SHOWN).collectAsList().stream()
          .map(r -> r.getString(0) + ": " + r.getString(1)).toList();
      return new EmbedSummary(embedded, reusedCount, skippedCount, first);
    } finally {
      rows.unpersist();
      hashes.destroy();
    }
  }

  /** The previous output's rows; refused when another model file made them (their vectors would not mix). */
  private Dataset<Row> previousRows() {
    Dataset<Row> previous = spark.read().parquet(options.previous() + "/" + EmbeddingColumns.ITEMS);
    List<Row> models = previous.select(EmbeddingColumns.MODEL, EmbeddingColumns.MODEL_SHA256).distinct()
        .limit(2).collectAsList();
    for (Row m : models) {
      if (!m.getString(1).equals(settings.modelSha256())) {
        throw new IllegalArgumentException("--previous " + options.previous() + " was embedded with model "
            + m.getString(0) + " (sha256 " + m.getString(1) + "), this run uses " + settings.model() + " (sha256 "
            + settings.modelSha256() + "): its vectors cannot be reused");
      }
    }
    return previous;
  }
}
