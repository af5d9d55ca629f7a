package dev.loupe.cli;

import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.index.VectorFormat;
import dev.loupe.core.query.Metric;
import dev.loupe.engine.Loupe;
import dev.loupe.engine.LoupeConfig;
import dev.loupe.engine.catalog.CatalogEntry;
import dev.loupe.engine.catalog.CsvCatalog;
import dev.loupe.engine.catalog.SourceScanner;
import dev.loupe.engine.index.IndexOptions;
import dev.loupe.engine.index.IndexSummary;
import dev.loupe.image.DecodeOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "index", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Add images to an index, creating it if needed (only in a missing or empty folder, never in a "
        + "folder being indexed; Loupe never deletes a file it did not write).",
        "Folders are walked recursively; a .csv file is a catalogue (id and image columns, other columns become "
            + "metadata). Re-running embeds only new or changed files; unreadable files are skipped and named."})
final class IndexCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "DIR|FILE", arity = "0..*", description = "Folders, image files or CSV catalogues.")
  List<Path> sources = List.of();

  @Option(names = "--from-parquet", paramLabel = "DIR",
      description = "Instead of sources: load the rows 'loupe spark-embed' wrote to DIR (the same items and "
          + "vectors as indexing the folder here, for the files Spark lists: not names starting with '_' or '.'). "
          + "The rows' model and model checksum must be the index's; a new index gets the rows' model.")
  Path fromParquet;

  @Mixin IndexLocation location;

  @Option(names = {"-m", "--model"}, paramLabel = "NAME",
      description = "Embedder for a new index: a catalogue model (see 'loupe models list'), an ensemble a+b, "
          + "or pixels[-N]. Default: " + dev.loupe.onnx.ModelCatalog.DEFAULT_INDEX_MODEL + ", the int8 copy of "
          + dev.loupe.onnx.ModelCatalog.DEFAULT_MODEL + ", made in the model cache on first use, calibrated on "
          + "that run's images (at least 16; else the float model). An existing index keeps the embedder it was "
          + "built with; naming another one is an error.")
  String model;

  @Option(names = "--metadata", paramLabel = "CSV",
      description = "Catalogue whose rows attach an id and metadata to the images found in the folders.")
  Path metadata;

  @Mixin CatalogColumns columns;

  @Option(names = "--prune",
      description = "Remove items whose image file no longer exists, or whose file is now indexed under another id.")
  boolean prune;

  @Option(names = "--metric", paramLabel = "M",
      description = "Default metric of a new index: cosine, dot, l2, l1, correlation (default: cosine for unit "
          + "vectors, else l2). --metric, --hnsw-* and --vector-format apply when the index is created.")
  String metric;

  @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: number of cores).")
  Integer threads;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + IndexOptions.DEFAULT_BATCH_SIZE,
      description = "Images per model call; peak memory grows with threads x batch (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--commit-every", paramLabel = "N", defaultValue = "256",
      description = "Items between commits; a killed run loses at most about this many (default: ${DEFAULT-VALUE}).")
  int commitEvery;

  @Option(names = "--max-pixels", paramLabel = "N", defaultValue = "100000000",
      description = "Refuse images with more pixels than this (decompression bombs; default: ${DEFAULT-VALUE}).")
  long maxPixels;

  @Option(names = "--max-file-bytes", paramLabel = "N", defaultValue = "67108864",
      description = "Skip files larger than this many bytes, unread; each worker holds one file's bytes while "
          + "decoding it (default: ${DEFAULT-VALUE} = 64 MiB).")
  long maxFileBytes;

  @Option(names = "--rebuild",
      description = "Remove the index's own files first and build it again from the sources (e.g. after "
          + "'loupe check' found it damaged), with the model, metric, HNSW settings, vector format and levers it "
          + "was built with unless options name others. Files Loupe did not write are never removed: with any "
          + "there, nothing is.")
  boolean rebuild;

  @Option(names = "--hnsw-m", paramLabel = "N", defaultValue = "16", description = "HNSW neighbours per node (default: ${DEFAULT-VALUE}).")
  int hnswM;

  @Option(names = "--hnsw-ef-construction", paramLabel = "N", defaultValue = "100",
      description = "HNSW build beam width (default: ${DEFAULT-VALUE}).")
  int hnswEf;

  @Option(names = "--vector-format", paramLabel = "NAME",
      description = "New index: the vectors the HNSW graph is searched with: float, int8 (a quarter of float's "
          + "memory), int4 (an eighth) or bit1 (a thirty-second, with a wider candidate pool); the raw floats are "
          + "kept and re-rank the graph's candidates (default: " + VectorFormat.DEFAULT_NAME
          + "; docs/benchmarks.md has the measured trade-off).")
  String vectorFormat;

  @Option(names = "--quantize", description = "Same as --vector-format int8 (kept for older scripts).")
  boolean quantize;

  @Option(names = "--center", negatable = true,
      description = "New index: gallery-mean centring (compare vectors after subtracting the mean of the indexed "
          + "vectors; the mean follows the items; searches of fewer than "
          + dev.loupe.core.index.GalleryMean.MIN_CENTRED_ITEMS + " items stay uncentred). On by default for a model"
          + " of unit vectors compared by cosine or dot (not on a SolrCloud store): it raised mAP on every task"
          + " measured (docs/quality.md); with --augment or --dba it stays on for any model; --no-center turns it"
          + " off.")
  Boolean center;

  @Option(names = "--augment", paramLabel = "N", defaultValue = "0",
      description = "New index: also store N augmented views per item (flips, crops, small rotations, colour "
          + "jitter; fixed seeds); hits stay one per item (default: ${DEFAULT-VALUE}).")
  int augment;

  @Option(names = "--dba", paramLabel = "N", defaultValue = "0",
      description = "New index: database-side augmentation: search each item as the weighted mean of its own "
          + "vector and its N nearest items' (1..50; 0 = off), kept up to date at every commit by exact search "
          + "(indexes of at most " + dev.loupe.core.dba.GalleryAugmentation.MAX_ITEMS + " items; docs/quality.md). "
          + "Not with --augment (default: ${DEFAULT-VALUE}).")
  int dba;

  @Option(names = "--dba-alpha", paramLabel = "A",
      description = "With --dba: exponent of the neighbours' weights score^A, as --qe-alpha (default: 3.0).")
  Double dbaAlpha;

  @Mixin CommonOptions common;

  @Mixin StoreOption store;

  private VectorFormat vectorFormat() {
    if (quantize && vectorFormat != null && VectorFormat.parse(vectorFormat) != VectorFormat.INT8) {
      throw new IllegalArgumentException("--quantize means --vector-format int8, not " + vectorFormat);
    }
    if (quantize) return VectorFormat.INT8;
    return vectorFormat == null ? IndexSpec.HnswParams.DEFAULT.vectorFormat() : VectorFormat.parse(vectorFormat);
  }

  /**
   * A rebuild repairs the index the user has: what it was built with (model, metric, graph and vector format,
   * levers) stays, unless this run names another. Without this a rebuild of an older index would quietly take
   * today's defaults (the int8 model, int4 vectors) and its results would change. An index too damaged to say
   * what it was is rebuilt from the options given, with one line saying so.
   */
  private LoupeConfig keepWhatTheIndexWasBuiltWith(Path index, LoupeConfig config,
      java.util.function.Consumer<String> warn) {
    IndexSpec old;
    try (dev.loupe.core.index.ItemStore store = Loupe.openStore(index, config)) {
      old = store.spec();
    } catch (IOException | RuntimeException e) {
      warn.accept("loupe: rebuild: cannot read what the index was built with (" + e.getMessage()
          + "); it is rebuilt with the options given");
      return config;
    }
    CommandLine.ParseResult given = spec.commandLine().getParseResult();
    LoupeConfig kept = config;
    if (model == null) kept = kept.withModel(old.embedder().name());
    if (metric == null) kept = kept.withMetric(old.metric());
    if (!given.hasMatchedOption("--hnsw-m") && !given.hasMatchedOption("--hnsw-ef-construction")
        && vectorFormat == null && !quantize) {
      kept = kept.withHnsw(old.hnsw());
    }
    if (!leversGiven()) kept = kept.withLevers(old.levers());
    return kept;
  }

  @Override
  public Integer call() throws Exception {
    Path index = location.require(spec);
    checkOptions();
    LoupeConfig config = ErrorHandler.fromOptions(() -> {
      IndexOptions options = IndexOptions.defaults()
          .withPrune(prune).withBatchSize(batchSize).withCommitEvery(commitEvery)
          .withDecode(new DecodeOptions(maxPixels, 0)).withMaxFileBytes(maxFileBytes);
      if (threads != null) options = options.withThreads(threads);
      return store.on(common.config()).withModel(model).withIndexing(options)
          .withHnsw(new IndexSpec.HnswParams(hnswM, hnswEf, vectorFormat()))
          .withMetric(metric == null ? null : Metric.parse(metric))
          .withLevers(leversGiven() ? levers() : null);
    });
    if (fromParquet != null) return loadParquet(index, config);
    if (sources.isEmpty()) {
      throw new ErrorHandler.UsageException(
          "give the folders, image files or catalogues to index, or --from-parquet DIR");
    }
    IndexPlacement.checkOutside(index, sources);
    CsvCatalog csv = columns.catalog();
    PrintWriter err = spec.commandLine().getErr();
    java.util.function.Consumer<String> warn = message -> {
      err.println(Printable.escape(message));
      err.flush();
    };
    // --metadata only labels files found in the folders given, so its paths may point anywhere.
    CsvCatalog.Rows metadataRows = metadata == null ? null : csv.allowingOutside().readRows(metadata);
    if (metadataRows != null) metadataRows.refused().forEach(refusal -> warn.accept("ignored " + refusal));
    Map<Path, CatalogEntry> byFile =
        metadataRows == null ? Map.of() : CsvCatalog.byFile(metadataRows.entries(), warn);
    SourceScanner.Scan scan = new SourceScanner(csv, byFile, warn).scanAll(sources);
    List<CatalogEntry> entries = scan.entries();
    if (metadata != null) {
      long matched = entries.stream().filter(e -> !e.metadata().isEmpty() || byFile.containsKey(e.file())).count();
      err.printf("metadata: %d of %d images matched a row of %s%n", matched, entries.size(), Printable.escape(metadata));
      if (matched == 0) {
        err.printf("warning: no image path matched the '%s' column of %s%n", Printable.escape(columns.imageColumn),
            Printable.escape(metadata));
      }
      err.flush();
    }
    if (rebuild) {
      config = keepWhatTheIndexWasBuiltWith(index, config, warn);
      int removed = Loupe.deleteIndex(index, config);
      err.printf("rebuild: removed %d files of the index at %s%n", removed, index);
      err.flush();
    }
    List<Path> images = entries.stream().map(CatalogEntry::file).toList();
    try (Loupe loupe = Loupe.openOrCreate(index, config, images, note -> warn.accept("loupe: " + note));
        ProgressReporter progress = new ProgressReporter(spec.commandLine().getErr(), "Indexing")) {
      IndexSummary indexed = loupe.index(entries, progress);
      progress.close();
      // Catalogue rows refused before indexing are skipped items too, each already named.
      IndexSummary summary = new IndexSummary(indexed.indexed(), indexed.unchanged(),
          indexed.skipped() + scan.skipped(), indexed.removed(), indexed.elapsed());
      spec.commandLine().getOut().printf("%s (%.1f images/s) -> %s%n", summary, summary.imagesPerSecond(),
          Printable.escape(index));
      return summary.nothingDone() ? 1 : 0;
    }
  }

  /** {@code --from-parquet}: vectors made by loupe spark-embed; the options that read or embed files do not apply. */
  private int loadParquet(Path index, LoupeConfig config) throws IOException {
    if (!sources.isEmpty() || metadata != null || prune || rebuild || augment > 0) {
      throw new ErrorHandler.UsageException("--from-parquet loads finished rows: it takes no DIR|FILE, --metadata, "
          + "--prune, --rebuild nor --augment");
    }
    // Options that read, decode or embed files: the Spark job did that, with its own options.
    for (String option : List.of("--threads", "--batch-size", "--max-pixels", "--max-file-bytes", "--id-column",
        "--image-column", "--allow-outside", "--decoder")) {
      if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
        throw new ErrorHandler.UsageException("--from-parquet loads finished rows: " + option
            + " applies only to reading images");
      }
    }
    IndexPlacement.checkOutside(index, List.of(fromParquet));
    PrintWriter err = spec.commandLine().getErr();
    IndexSummary summary = ParquetImport.run(fromParquet, index, config, message -> {
      err.println(Printable.escape(message));
      err.flush();
    });
    spec.commandLine().getOut().printf("%s -> %s%n", summary, Printable.escape(index));
    return summary.nothingDone() ? 1 : 0;
  }

  private boolean leversGiven() {
    return center != null || augment > 0 || dba > 0;
  }

  private IndexSpec.Levers levers() {
    // --augment/--dba without --center/--no-center keep the default centring.
    return new IndexSpec.Levers(center == null || center, augment)
        .withDba(dba, dbaAlpha == null ? IndexSpec.Levers.DEFAULT_DBA_ALPHA : dbaAlpha);
  }

  /** Bounds of the domain types (IndexOptions, HnswParams, Levers), checked here to name the options. */
  private void checkOptions() {
    if (threads != null) OptionChecks.atLeast("--threads", threads, 1);
    OptionChecks.atLeast("--batch-size", batchSize, 1);
    OptionChecks.atLeast("--commit-every", commitEvery, 1);
    OptionChecks.atLeast("--max-pixels", maxPixels, 1);
    OptionChecks.range("--hnsw-m", hnswM, 2, 512);
    OptionChecks.range("--hnsw-ef-construction", hnswEf, 2, 3200);
    OptionChecks.range("--augment", augment, 0, 64);
    // 50, not the spec's 100: each commit reads that many raw vectors per changed item.
    OptionChecks.range("--dba", dba, 0, 50);
    if (dbaAlpha != null) {
      if (dba == 0) throw new ErrorHandler.UsageException("--dba-alpha needs --dba N");
      OptionChecks.finiteAtLeast("--dba-alpha", dbaAlpha, 0);
    }
    if (dba > 0 && augment > 0) {
      throw new ErrorHandler.UsageException("--dba and --augment do not combine (an item's augmented vector replaces"
          + " its own; the extra views would stay raw)");
    }
  }
}
