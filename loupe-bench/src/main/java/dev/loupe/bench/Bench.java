package dev.loupe.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import dev.loupe.bench.vectors.VectorsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Runs Loupe's benchmarks and prints Markdown tables (docs/benchmarks.md is made from this output); the
 * {@code jmh} subcommand runs the JMH latency microbenchmarks and prints JMH's table; the {@code load} subcommand
 * runs {@code loupe serve} under load ({@link LoadBench}); {@code vectors} compares vector search libraries
 * ({@link VectorsCommand}).
 *
 * <pre>scripts/bench [--shared DIR] [--model NAME] [--vectors N] [--rounds N] [--text-items N] [--text-queries N]
 *     [indexing] [search] [text]
 * scripts/bench jmh [JMH options]
 * scripts/bench load [--seconds S] [--connections N] [-k K]
 * scripts/bench vectors [--vectors N] [--queries Q] [--threads 1,2] [--out DIR] [--libraries NAME,...]
 * scripts/bench e2e [--large N] [--rounds N] [--out DIR] [--int8-model NAME]
 * scripts/bench solr [--solr solr://HOST:PORT] [--rounds N]</pre>
 */
@Command(name = "bench", mixinStandardHelpOptions = true, version = "loupe-bench 0.1.0-SNAPSHOT", sortOptions = false,
    usageHelpAutoWidth = true,
    subcommands = {JmhCommand.class, LoadCommand.class, VectorsCommand.class, EndToEndCommand.class, SolrCommand.class},
    description = {
        "Indexing throughput and peak memory, query latency / HNSW recall, and text search speed (a train-text "
            + "tower and the CLIP fixture's text tower), as Markdown tables on stdout (progress on stderr).",
        "`bench jmh` runs the JMH latency microbenchmarks instead; `bench load` the server under load; `bench vectors` "
            + "vector search at a million vectors beside jvector and hnswlib; `bench e2e` indexing end to end with "
            + "each decoder and the float and int8 models; `bench solr` the Solr store's query latency beside the Lucene "
            + "store's."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:a benchmark failed", "2:usage error"})
public final class Bench implements Callable<Integer> {

  /** The table benchmarks; all run when none is named. */
  enum Part { indexing, search, text }

  @Option(names = "--shared", paramLabel = "DIR", defaultValue = "${sys:loupe.shared:-../shared}",
      description = "The shared folder with models/ and data/ (default: ${DEFAULT-VALUE}).")
  Path shared;

  @Option(names = "--model", paramLabel = "NAME", defaultValue = "mobilenetv2-tf2-ptq",
      description = "Embedder to benchmark (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--vectors", paramLabel = "N", defaultValue = "100000",
      description = "Size of the derived large gallery of the search table; 0 skips it (default: ${DEFAULT-VALUE}).")
  int vectors;

  @Option(names = "--rounds", paramLabel = "N", defaultValue = "2",
      description = "Measured rounds of the indexing table; the best is kept (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--text-items", paramLabel = "N", defaultValue = "0",
      description = "fashion-dev products the text table trains its tower on, 0 = all (default: ${DEFAULT-VALUE}).")
  int textItems;

  @Option(names = "--text-queries", paramLabel = "N", defaultValue = "200",
      description = "Titles timed one at a time by the text table, after warm-up (default: ${DEFAULT-VALUE}).")
  int textQueries;

  @Parameters(paramLabel = "PART", arity = "0..3",
      description = "Which tables: ${COMPLETION-CANDIDATES} (default: all).")
  List<Part> parts = new ArrayList<>();

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Bench());
    // Everything after `jmh` belongs to JMH (-f 0 -wi 0 ...), which has options picocli does not know.
    cl.getSubcommands().get("jmh").setUnmatchedOptionsArePositionalParams(true).setStopAtPositional(true);
    return cl;
  }

  @Override
  public Integer call() throws Exception {
    if (vectors < 0) throw new CommandLine.ParameterException(spec.commandLine(), "--vectors must be at least 0, got: " + vectors);
    if (rounds < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--rounds must be at least 1, got: " + rounds);
    if (textItems < 0 || textItems > 0 && textItems < TextBench.MIN_ITEMS) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--text-items must be 0 (all) or at least " + TextBench.MIN_ITEMS + ", got: " + textItems);
    }
    if (textQueries < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--text-queries must be at least 1, got: " + textQueries);
    }
    Set<Part> run = parts.isEmpty() ? EnumSet.allOf(Part.class) : EnumSet.copyOf(parts);
    List<Path> modelDirs = List.of(shared.resolve("models"));
    PrintWriter out = spec.commandLine().getOut();
    out.printf("Machine: %d cores, Java %s, %s%n%n", Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"), System.getProperty("os.arch"));
    out.flush();
    if (run.contains(Part.indexing)) {
      out.println(new IndexingBench(shared.resolve("data/caltech20"), model, modelDirs, rounds).run());
      out.flush();
    }
    if (run.contains(Part.search)) {
      out.println(new SearchBench(shared, model, modelDirs, vectors).run());
      out.flush();
    }
    if (run.contains(Part.text)) {
      out.println(new TextBench(shared, model, modelDirs, textItems, textQueries).run());
      out.flush();
    }
    return 0;
  }
}
