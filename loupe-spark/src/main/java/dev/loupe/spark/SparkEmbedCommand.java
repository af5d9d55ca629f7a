package dev.loupe.spark;

import dev.loupe.core.embed.Embedder;
import dev.loupe.core.embed.EmbedderSettings;
import dev.loupe.core.embed.Embedders;
import dev.loupe.engine.index.IndexOptions;
import dev.loupe.image.DecodeOptions;
import dev.loupe.parquet.EmbeddingColumns;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "spark-embed", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Embed a folder of images on Apache Spark (spark-submit, or local mode) into Parquet rows that "
        + "'loupe index --from-parquet OUT' loads: the same ids, content hashes, pixel sizes and vectors as "
        + "'loupe index' of the folder, for every file Spark lists (it leaves out names starting with '_' or '.', "
        + "folders too; they are counted on stderr).",
        "Writes OUT/items (one row per image) and OUT/skipped (each file left out, with the reason); prints a "
            + "summary line on stdout and the first skipped files on stderr."})
final class SparkEmbedCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "SOURCE", description = "Folder of images, read recursively: a local folder or a Spark "
      + "path (hdfs://, s3a://, file:/).")
  String source;

  @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR",
      description = "Output folder; must not exist yet (or be empty).")
  String out;

  @Option(names = {"-m", "--model"}, required = true, paramLabel = "NAME",
      description = "ONNX model to embed with (see 'loupe models list'); the index it is loaded into must use the "
          + "same model file.")
  String model;

  @Option(names = "--models", paramLabel = "DIR",
      description = "Model directory, before LOUPE_MODELS and the model cache (repeatable). On a cluster it must "
          + "exist on every node.")
  List<Path> modelDirs = new ArrayList<>();

  @Option(names = "--previous", paramLabel = "DIR",
      description = "An earlier output of the same model: files whose content hash is there are not embedded "
          + "again (their vectors are copied).")
  String previous;

  @Option(names = "--glob", paramLabel = "GLOB",
      description = "Only file names matching this glob (Spark's pathGlobFilter, e.g. '*.jpg'); image "
          + "extensions are always required, as in 'loupe index'.")
  String glob;

  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master (default: the one spark-submit gives, else local[cores]).")
  String master;

  @Option(names = "--partitions", paramLabel = "N",
      description = "Partitions the files are spread over (default: Spark's default parallelism, the cores).")
  Integer partitions;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + IndexOptions.DEFAULT_BATCH_SIZE,
      description = "Images per model call, as 'loupe index' (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--max-pixels", paramLabel = "N", defaultValue = "" + DecodeOptions.DEFAULT_MAX_PIXELS,
      description = "Skip images with more pixels than this (default: ${DEFAULT-VALUE}).")
  long maxPixels;

  @Option(names = "--max-file-bytes", paramLabel = "N", defaultValue = "" + IndexOptions.DEFAULT_MAX_FILE_BYTES,
      description = "Skip files larger than this many bytes, unread (default: ${DEFAULT-VALUE} = 64 MiB).")
  long maxFileBytes;

  @Override
  public Integer call() throws IOException {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    checkOptions();
    String sourceUri = sparkPath(source, "SOURCE", true);
    String outUri = sparkPath(out, "--out", false);
    String previousUri = previous == null ? null : sparkPath(previous, "--previous", true);
    SparkSession spark = SparkSessions.start(master);
    try {
      int cpus = SparkSessions.taskCpus(spark);
      EmbedderSettings es = EmbedderSettings.fromEnvironment(modelDirs, cpus);
      String sha;
      try (Embedder embedder = Embedders.load(es).open(model)) {
        sha = SparkEmbedModel.sha256(embedder);
      }
      EmbedSettings settings = new EmbedSettings(model, sha,
          es.modelDirs().stream().map(Path::toString).toList(), es.modelCache().toString(), cpus, batchSize,
          maxPixels);
      int parts = partitions != null ? partitions : spark.sparkContext().defaultParallelism();
      EmbedSummary summary = new EmbedJob(spark,
          new EmbedJobOptions(sourceUri, outUri, previousUri, glob, parts, maxFileBytes,
              EmbedJob.MAX_PREVIOUS_HASHES), settings).run();
      long unlisted = UnlistedFiles.count(spark.sparkContext().hadoopConfiguration(), sourceUri, glob);
      if (unlisted > 0) {
        stderr.printf("left out %d image files Spark does not list (a name, or a folder's, starting with '_' or "
            + "'.'); loupe index of the folder would index them%n", unlisted);
      }
      for (String skip : summary.firstSkips()) stderr.println("skipped " + skip);
      if (summary.skipped() > summary.firstSkips().size()) {
        stderr.printf("... %d more skipped files in %s/%s%n", summary.skipped() - summary.firstSkips().size(), out,
            EmbeddingColumns.SKIPPED);
      }
      stderr.flush();
      stdout.printf("%s -> %s%n", summary, out);
      stdout.flush();
      return summary.rows() == 0 ? 1 : 0;
    } finally {
      spark.stop();
    }
  }

  private void checkOptions() {
    if (batchSize < 1) throw new UsageException("--batch-size must be at least 1, got: " + batchSize);
    if (maxPixels < 1) throw new UsageException("--max-pixels must be at least 1, got: " + maxPixels);
    if (maxFileBytes < 1) {
      throw new UsageException("--max-file-bytes must be at least 1, got: " + maxFileBytes);
    }
    if (partitions != null && partitions < 1) {
      throw new UsageException("--partitions must be at least 1, got: " + partitions);
    }
  }

  /**
   * A Spark path for a folder: a URI with a scheme is taken as is; a local path is made absolute and checked
   * here (a missing source or previous output, or an output folder that already holds files, is refused before
   * Spark starts; Loupe never writes into a folder of other files).
   */
  static String sparkPath(String given, String option, boolean mustExist) throws IOException {
    if (given.matches("[A-Za-z][A-Za-z0-9+.-]+:/.*") && !given.startsWith("file:")) return given;
    Path local = given.startsWith("file:") ? Path.of(URI.create(given)) : Path.of(given);
    local = local.toAbsolutePath().normalize();
    if (mustExist && !Files.isDirectory(local)) {
      throw new UsageException(option + " " + given + ": no such folder");
    }
    if (!mustExist && Files.exists(local)) {
      boolean empty;
      try (var entries = Files.list(local)) {
        empty = entries.findAny().isEmpty();
      } catch (IOException e) {
        throw new UsageException(option + " " + given + ": exists and is not a readable folder");
      }
      // The job writes into its sub-folders items/ and skipped/; an empty folder is fine, one with files is not.
      if (!empty) {
        throw new UsageException(option + " " + given + ": already holds files; give a new folder");
      }
    }
    // Not toUri(): Hadoop's Path parses the string itself and would keep a %20 as three characters.
    return "file:" + local;
  }
}
