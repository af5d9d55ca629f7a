package dev.loupe.cli;

import dev.loupe.api.Loupe;
import dev.loupe.catalog.SourceScanner;
import dev.loupe.image.ImageDecodeException;
import dev.loupe.query.Hit;
import dev.loupe.query.Metric;
import dev.loupe.query.SearchRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "search", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Find the indexed images that look most like each query image.",
        "Results go to stdout (text, json or jsonl); errors to stderr. The model is loaded once for all queries."})
final class SearchCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Query image files or folders of them.")
  List<Path> queries;

  @Mixin IndexLocation location;

  @Option(names = {"-k", "--top"}, paramLabel = "N", defaultValue = "10", description = "Hits per query (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--metric", paramLabel = "M",
      description = "cosine, dot, l2, l1 or correlation (default: the index's metric).")
  String metric;

  @Option(names = "--exact", description = "Exhaustive search instead of HNSW (always exact for l1 and correlation).")
  boolean exact;

  @Option(names = "--min-score", paramLabel = "S",
      description = "Drop hits scoring below S; a query left with none is reported as 'no close match'.")
  Float minScore;

  @Option(names = "--filter", paramLabel = "FIELD=VALUE", description = "Only items whose metadata FIELD equals VALUE (repeatable).")
  List<String> filters = new ArrayList<>();

  @Option(names = {"-f", "--format"}, paramLabel = "FMT", defaultValue = "text",
      description = "text, json or jsonl (one JSON object per query) (default: ${DEFAULT-VALUE}).")
  HitPrinter.Format format;

  @Mixin CommonOptions common;

  @Override
  public Integer call() throws Exception {
    Path index = location.require(spec);
    SearchRequest request = new SearchRequest(k, metric == null ? null : Metric.parse(metric), exact,
        minScore == null ? Float.NEGATIVE_INFINITY : minScore, parseFilters(filters));
    List<String> queryNames = expand(queries);
    int failures = 0;
    try (Loupe loupe = Loupe.open(index, common.config());
        HitPrinter printer = new HitPrinter(format, spec.commandLine().getOut(), minScore)) {
      for (String query : queryNames) {
        try {
          printer.print(query, loupe.search(Path.of(query), request));
        } catch (ImageDecodeException e) {
          failures++;
          spec.commandLine().getErr().printf("loupe: cannot read query %s: %s%n", query, e.reason());
        }
      }
    }
    return failures == 0 ? 0 : 1;
  }

  static Map<String, String> parseFilters(List<String> filters) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String f : filters) {
      int eq = f.indexOf('=');
      if (eq <= 0) throw new ErrorHandler.UsageException("--filter needs FIELD=VALUE, got: " + f);
      out.put(f.substring(0, eq), f.substring(eq + 1));
    }
    return out;
  }

  /** Query paths as given; folders become their image files, sorted. */
  private static List<String> expand(List<Path> paths) throws IOException {
    List<String> out = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        for (Path f : SourceScanner.imagesUnder(p)) out.add(f.toString());
      } else {
        out.add(p.toString());
      }
    }
    return out;
  }

  /** Hits of one query, in the JSON shape of the CLI contract. */
  record QueryResult(String query, List<Hit> hits) {}
}
