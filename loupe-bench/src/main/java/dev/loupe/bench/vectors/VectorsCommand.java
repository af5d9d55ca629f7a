package dev.loupe.bench.vectors;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench vectors}: the vector-search benchmark beside jvector and hnswlib ({@link VectorBench}). */
@Command(name = "vectors", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
    description = {
        "Vector search at scale: N x 1280-d vectors derived from real embeddings (fixed seed), held-out real queries, "
            + "exact ground truth; Lucene HNSW (float and scalar-quantized formats), jvector and hnswlib built with the "
            + "same M and beam width. Prints recall@10, QPS per thread count, p50/p99, build time and memory per "
            + "search effort; writes a CSV and a recall-QPS chart (PNG) into --out, where the vectors and ground "
            + "truth are cached for reruns."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:the benchmark failed", "2:usage error"})
public final class VectorsCommand implements Callable<Integer> {
  // Held-out queries: the caltech20 test split and the COCO photos are in no gallery the vectors come from.
  private static final List<String> GALLERY_DIRS = List.of("data/caltech20/train", "data/fashion-dev/images");
  private static final List<String> QUERY_DIRS = List.of("data/caltech20/test", "data/coco-captions-dev/images");

  @Option(names = "--shared", paramLabel = "DIR", defaultValue = "${sys:loupe.shared:-../shared}",
      description = "The shared folder with models/ and data/ (default: ${DEFAULT-VALUE}).")
  Path shared;

  @Option(names = "--model", paramLabel = "NAME", defaultValue = "mobilenetv2-tf2-ptq",
      description = "Embedder whose real vectors the gallery is derived from (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--vectors", paramLabel = "N", defaultValue = "1000000",
      description = "Gallery size (default: ${DEFAULT-VALUE}).")
  int vectors;

  @Option(names = "--queries", paramLabel = "Q", defaultValue = "0",
      description = "Held-out real queries, evenly spaced over caltech20 test and coco-captions-dev; 0 = all 160 "
          + "(default: ${DEFAULT-VALUE}).")
  int queries;

  @Option(names = "--threads", paramLabel = "T", split = ",", defaultValue = "1,2",
      description = "Thread counts to measure queries/s with; the largest also builds (default: ${DEFAULT-VALUE}).")
  List<Integer> threads;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "target/bench-vectors",
      description = "Folder for the vectors, ground truth, CSV and chart (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--libraries", paramLabel = "NAME", split = ",",
      description = "Which configurations, comma-separated (default: all): " + "${COMPLETION-CANDIDATES}",
      completionCandidates = LibraryNames.class)
  List<String> libraries = new ArrayList<>();

  @Option(names = "--repetitions", paramLabel = "R", defaultValue = "3",
      description = "Timed repetitions per setting; the median is reported (default: ${DEFAULT-VALUE}).")
  int repetitions;

  @Option(names = "--searches", paramLabel = "S", defaultValue = "1000",
      description = "Searches per timed repetition, cycling through the queries (default: ${DEFAULT-VALUE}).")
  int searches;

  @Option(names = {"-M", "--max-conn"}, paramLabel = "M", defaultValue = "16",
      description = "HNSW M for every library (jvector gets degree 2M) (default: ${DEFAULT-VALUE}, Loupe's default).")
  int maxConn;

  @Option(names = "--beam-width", paramLabel = "B", defaultValue = "100",
      description = "Beam width / efConstruction for every library (default: ${DEFAULT-VALUE}, Loupe's default).")
  int beamWidth;

  @Spec CommandSpec spec;

  /** The configuration names, for the help text. */
  static final class LibraryNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return AnnLibraries.all().keySet().iterator();
    }
  }

  @Override
  public Integer call() throws Exception {
    CommandLine cl = spec.commandLine();
    if (vectors < 1000) throw new CommandLine.ParameterException(cl, "--vectors must be at least 1000, got: " + vectors);
    if (queries < 0) throw new CommandLine.ParameterException(cl, "--queries must be at least 0, got: " + queries);
    for (int t : threads) if (t < 1) throw new CommandLine.ParameterException(cl, "--threads must be at least 1, got: " + t);
    if (repetitions < 1) throw new CommandLine.ParameterException(cl, "--repetitions must be at least 1, got: " + repetitions);
    if (searches < 1) throw new CommandLine.ParameterException(cl, "--searches must be at least 1, got: " + searches);
    if (maxConn < 2) throw new CommandLine.ParameterException(cl, "--max-conn must be at least 2, got: " + maxConn);
    if (beamWidth < 2) throw new CommandLine.ParameterException(cl, "--beam-width must be at least 2, got: " + beamWidth);
    try {
      AnnLibraries.select(libraries);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cl, "--libraries: " + e.getMessage());
    }
    RealVectors.Sources sources = new RealVectors.Sources(GALLERY_DIRS.stream().map(shared::resolve).toList(),
        QUERY_DIRS.stream().map(shared::resolve).toList(), 0, queries);
    VectorBench.Config config = new VectorBench.Config(shared, model, sources, vectors, threads, out, libraries,
        new GraphParams(maxConn, beamWidth), repetitions, searches);
    VectorBench.Result result = new VectorBench(config).run();
    PrintWriter w = cl.getOut();
    w.println(result.markdown());
    w.flush();
    System.err.println("wrote " + result.csv() + " and " + result.chart());
    return 0;
  }
}
