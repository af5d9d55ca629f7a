package dev.loupe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.core.index.ItemStore;
import dev.loupe.engine.Loupe;
import dev.loupe.engine.LoupeConfig;
import dev.loupe.engine.query.Duplicates;
import dev.loupe.engine.query.HitJson;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "dedup", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Groups of near-duplicate items: each item's nearest neighbours scoring at least --threshold, joined"
        + " transitively (the same groups as the server's GET /duplicates).",
        "Text: one line per group, largest first; jsonl: {\"ids\": [...], \"minScore\": S} per group. No model is loaded."})
final class DedupCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin IndexLocation location;

  @Option(names = {"-t", "--threshold"}, paramLabel = "S", required = true,
      description = "Lowest score of two near-duplicates under the index's metric (e.g. 0.95 for cosine).")
  float threshold;

  @Option(names = "--neighbours", paramLabel = "N", defaultValue = "10",
      description = "Neighbours of each item looked at, 1..1000 (default: ${DEFAULT-VALUE}).")
  int neighbours;

  @Option(names = "--max-items", paramLabel = "N", defaultValue = "1000000",
      description = "Refuse a larger index: one search per item (default: ${DEFAULT-VALUE}).")
  int maxItems;

  @Option(names = {"-f", "--format"}, paramLabel = "FMT", defaultValue = "text",
      description = "text or jsonl (default: ${DEFAULT-VALUE}).")
  String format;

  @Override
  public Integer call() throws Exception {
    Path index = location.require(spec);
    if (Float.isNaN(threshold) || Float.isInfinite(threshold)) {
      throw new ErrorHandler.UsageException("--threshold must be a number, got: " + threshold);
    }
    OptionChecks.range("--neighbours", neighbours, 1, 1000);
    OptionChecks.range("--max-items", maxItems, 1, Integer.MAX_VALUE);
    boolean jsonl = switch (format.toLowerCase(Locale.ROOT)) {
      case "text" -> false;
      case "jsonl" -> true;
      default -> throw new ErrorHandler.UsageException("--format must be text or jsonl, got: " + format);
    };
    List<Duplicates.Group> groups;
    // The stored vectors are compared with each other: the store alone, no model.
    try (ItemStore store = Loupe.openStore(index, LoupeConfig.defaults())) {
      int size = store.size();
      if (size > maxItems) {
        throw new ErrorHandler.UsageException("the index holds " + size + " items, over --max-items " + maxItems);
      }
      groups = Duplicates.find(store, threshold, neighbours, maxItems);
    }
    PrintWriter out = spec.commandLine().getOut();
    ObjectMapper json = HitJson.mapper();
    for (Duplicates.Group g : groups) {
      if (jsonl) {
        out.println(json.writeValueAsString(g));
      } else {
        out.printf(Locale.ROOT, "%d items, min score %.4f:", g.ids().size(), g.minScore());
        for (String id : g.ids()) out.print("  " + Printable.escape(id));
        out.println();
      }
    }
    if (groups.isEmpty() && !jsonl) out.printf(Locale.ROOT, "no near-duplicates at score %.4f or more%n", threshold);
    out.flush();
    return 0;
  }
}
