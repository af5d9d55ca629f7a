package dev.loupe.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code loupe spark-embed} as this program sees it: the job runs from loupe-spark's own classpath (Spark's
 * libraries clash with the CLI's), which the {@code ./loupe} launcher starts instead of this one. Reached only
 * when the CLI's jar is run directly; it says where the job is.
 */
@Command(name = "spark-embed",
    description = {"Embed a folder on Apache Spark into Parquet rows for 'index --from-parquet' (local mode through "
        + "the ./loupe launcher, or spark-submit on a cluster; docs/scale.md). Runs from loupe-spark: "
        + "'./loupe spark-embed --help' lists its options."})
final class SparkEmbedPointer implements Callable<Integer> {
  /** Whatever was given: the job's own options are not known here. */
  @Unmatched List<String> args = new java.util.ArrayList<>();

  @Override
  public Integer call() {
    throw new ErrorHandler.UsageException("spark-embed runs from loupe-spark's own classpath: start it with the "
        + "./loupe launcher ('./loupe spark-embed ...') or with spark-submit (docs/scale.md)");
  }
}
