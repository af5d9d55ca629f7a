package dev.loupe.bench.vectors;

import dev.loupe.bench.DerivedGallery;
import dev.loupe.bench.Latencies;
import dev.loupe.core.util.FileTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Vector search at scale beside the Java peers: derives {@code vectors} gallery vectors from real embeddings
 * ({@link DerivedGallery}, fixed seed) into one memory-mapped file, computes exact neighbours of held-out real
 * queries once, then builds and searches each library in turn (releasing each before the next) and reports
 * recall@10, queries/s per thread count, latency percentiles, build time and memory per search effort.
 */
final class VectorBench {
  static final int K = 10;
  /** The recall the default format is chosen at (issue 10). */
  static final double TARGET_RECALL = 0.95;

  /**
   * What to run.
   *
   * @param repetitions timed repetitions per effort and thread count; the median is reported
   * @param queriesPerRepetition searches per timed repetition (the queries are cycled through)
   */
  record Config(Path shared, String model, RealVectors.Sources sources, int vectors, List<Integer> threads,
      Path out, List<String> libraries, GraphParams graph, int repetitions, int queriesPerRepetition) {
    public Config {
      if (vectors < 1000) throw new IllegalArgumentException("vectors must be at least 1000, got: " + vectors);
      if (threads.isEmpty()) throw new IllegalArgumentException("no thread counts");
      for (int t : threads) if (t < 1) throw new IllegalArgumentException("thread counts must be at least 1, got: " + t);
      if (repetitions < 1) throw new IllegalArgumentException("repetitions must be at least 1, got: " + repetitions);
      threads = List.copyOf(threads);
      libraries = List.copyOf(libraries);
    }
  }

  /** What a run produced: the rows, the files written and the cached inputs it used. */
  record Result(String markdown, List<VectorRow> rows, Path csv, Path chart, Path galleryFile, Path truthFile) {}

  private final Config config;

  VectorBench(Config config) {
    this.config = config;
  }

  Result run() throws Exception {
    List<AnnLibrary> libraries = AnnLibraries.select(config.libraries()); // fails on a bad name before any work
    Files.createDirectories(config.out());
    RealVectors real = RealVectors.load(config.shared(), config.model(), config.sources(), config.out());
    int dim = real.gallery().get(0).length;
    String key = String.format(Locale.ROOT, "%s-n%d-seed%d-real%d", config.model(), config.vectors(), DerivedGallery.SEED,
        real.gallery().size());
    Path vectorFile = config.out().resolve("gallery-" + key + ".f32");
    if (!VectorFile.matches(vectorFile, config.vectors(), dim)) {
      long t0 = System.nanoTime();
      VectorFile.write(vectorFile, config.vectors(), dim, sink -> DerivedGallery.mix(real.gallery(), config.vectors(), sink));
      System.err.printf(Locale.ROOT, "gallery: %d x %d derived into %s in %.1f s%n", config.vectors(), dim, vectorFile,
          (System.nanoTime() - t0) / 1e9);
    }
    int maxThreads = Collections.max(config.threads());
    List<VectorRow> rows = new ArrayList<>();
    Path truthFile = config.out().resolve("truth-" + key + "-q" + real.queries().size() + "-k" + K + ".i32");
    try (MappedVectors gallery = VectorFile.open(vectorFile)) {
      int[][] truth = GroundTruth.cached(truthFile, gallery, real.queries(), K, maxThreads);
      for (AnnLibrary library : libraries) rows.addAll(measure(library, gallery, real.queries(), truth, maxThreads));
    }
    // A run of a subset names it, so that runs split by --libraries do not overwrite each other's results.
    String outputs = "vectors-" + key + (config.libraries().isEmpty() ? "" : "-" + String.join("+", config.libraries()));
    Path csv = config.out().resolve(outputs + ".csv");
    Path chart = config.out().resolve(outputs + ".png");
    VectorReport.csv(rows, config.threads(), csv);
    VectorReport.chart(rows, maxThreads, String.format(Locale.ROOT, "recall@10 vs queries/s: %,d x %d-d, %s",
        config.vectors(), dim, config.graph()), chart);
    String md = machine(dim, real.queries().size()) + "\n" + VectorReport.markdown(rows, config.threads())
        + "\nCheapest setting with recall@10 >= " + TARGET_RECALL + " per configuration:\n\n"
        + VectorReport.atRecall(rows, TARGET_RECALL, config.threads());
    return new Result(md, rows, csv, chart, vectorFile, truthFile);
  }

  private String machine(int dim, int queries) {
    Runtime rt = Runtime.getRuntime();
    return String.format(Locale.ROOT,
        "Vectors: %,d x %d-d derived from real %s embeddings (seed %d), %d held-out real queries, k=%d, %s; "
            + "%d cores, Java %s, max heap %.1f GB; QPS: median of %d x %d searches%n",
        config.vectors(), dim, config.model(), DerivedGallery.SEED, queries, K, config.graph(), rt.availableProcessors(),
        System.getProperty("java.version"), rt.maxMemory() / 1e9, config.repetitions(), config.queriesPerRepetition());
  }

  private List<VectorRow> measure(AnnLibrary library, MappedVectors gallery, List<float[]> queries, int[][] truth,
      int buildThreads) throws Exception {
    Path work = Files.createTempDirectory(config.out(), "index-" + library.name() + "-");
    long heapBefore = usedHeapAfterGc();
    List<VectorRow> rows = new ArrayList<>();
    try {
      long t0 = System.nanoTime();
      try (BuiltIndex index = library.build(gallery, config.graph(), work, buildThreads)) {
        double buildSeconds = (System.nanoTime() - t0) / 1e9;
        long heap = Math.max(0, usedHeapAfterGc() - heapBefore);
        System.err.printf(Locale.ROOT, "%s: built in %.1f s, index %.1f MB, heap +%.1f MB%n", library.name(), buildSeconds,
            index.indexBytes() / 1e6, heap / 1e6);
        Map<Integer, List<BuiltIndex.Searcher>> searchers = new HashMap<>();
        for (int t : config.threads()) {
          List<BuiltIndex.Searcher> s = new ArrayList<>();
          for (int i = 0; i < t; i++) s.add(index.searcher());
          searchers.put(t, s);
        }
        for (SearchSetting setting : library.settings()) {
          rows.add(measureSetting(library, index, searchers, queries, truth, setting,
              index.buildSeconds(setting, buildSeconds), heap));
        }
      }
    } finally {
      FileTrees.delete(work);
    }
    // Release this library's memory before the next one is built (its heap figure starts from here).
    usedHeapAfterGc();
    return rows;
  }

  private VectorRow measureSetting(AnnLibrary library, BuiltIndex index, Map<Integer, List<BuiltIndex.Searcher>> searchers,
      List<float[]> queries, int[][] truth, SearchSetting setting, double buildSeconds, long heap) throws Exception {
    // Recall from an untimed pass, which also warms the code paths and the pages this effort touches.
    BuiltIndex.Searcher first = searchers.get(config.threads().get(0)).get(0);
    int[][] found = new int[queries.size()][];
    for (int q = 0; q < queries.size(); q++) found[q] = first.search(queries.get(q), K, setting);
    double recall = Recall.atK(truth, found, K);
    int total = Math.max(queries.size(), config.queriesPerRepetition());
    Map<Integer, Double> qps = new HashMap<>();
    List<Double> latencies = new ArrayList<>();
    int fewest = Collections.min(config.threads());
    for (int t : config.threads()) {
      double[] runs = new double[config.repetitions()];
      for (int r = 0; r < runs.length; r++) {
        SearchTimer.Section s = SearchTimer.run(searchers.get(t), queries, K, setting, total);
        runs[r] = s.qps();
        if (t == fewest) for (double ms : s.latenciesMs()) latencies.add(ms);
      }
      Arrays.sort(runs);
      qps.put(t, runs[runs.length / 2]);
    }
    Latencies lat = new Latencies(latencies.stream().mapToDouble(Double::doubleValue).toArray());
    System.err.printf(Locale.ROOT, "%s %s=%d: recall@10 %.3f, QPS %s%n", setting.series(), setting.effortName(),
        setting.effort(), recall, qps);
    return new VectorRow(setting.series(), library.library(), setting.format(), config.graph().toString(), buildSeconds,
        index.indexBytes(), index.searchBytes(setting), heap, setting.effortName(), setting.effort(), recall, qps,
        lat.percentile(50), lat.percentile(99));
  }

  private static long usedHeapAfterGc() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) System.gc(); // a hint; repeated so finalisable and soft garbage goes too
    return rt.totalMemory() - rt.freeMemory();
  }
}
