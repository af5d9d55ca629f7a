package dev.loupe.cli;

import dev.loupe.core.index.ItemStore;
import dev.loupe.engine.Loupe;
import dev.loupe.engine.LoupeConfig;
import dev.loupe.engine.dedup.DedupOptions;
import dev.loupe.engine.dedup.DedupResult;
import dev.loupe.engine.dedup.DefaultThresholds;
import dev.loupe.engine.dedup.DuplicateGroup;
import dev.loupe.engine.dedup.Duplicates;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "dedup", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Groups of duplicates: exact copies (same file bytes) and near-duplicates (each item's nearest "
        + "neighbours scoring at least --threshold, joined transitively), merged; the same groups as the server's "
        + "GET /duplicates. No model is loaded.",
        "Each group lists its best copy first (most pixels, then oldest, then id), then the others with their score "
            + "to it; 'exact' marks a byte-identical copy of a member listed before it. A summary line ends the output."})
final class DedupCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin IndexLocation location;

  @Option(names = {"-t", "--threshold"}, paramLabel = "S",
      description = "Lowest score of two near-duplicates under the index's metric and centring (default: measured per "
          + "model, metric and centring, see docs/quality.md \"Duplicates\"; required for other models).")
  Float threshold;

  @Option(names = "--exact-only", description = "Only byte-identical files (content hash); no vectors compared.")
  boolean exactOnly;

  @Option(names = "--neighbours", paramLabel = "N", defaultValue = "" + DedupOptions.DEFAULT_NEIGHBOURS,
      description = "Neighbours of each item looked at, 1.." + DedupOptions.MAX_NEIGHBOURS + " (default: ${DEFAULT-VALUE}).")
  int neighbours;

  @Option(names = "--max-items", paramLabel = "N", defaultValue = "1000000",
      description = "Refuse a larger index: one search per item (default: ${DEFAULT-VALUE}).")
  int maxItems;

  @Option(names = {"-f", "--format"}, paramLabel = "FMT", defaultValue = "text",
      description = "text, json (one document), jsonl (one group per line) or csv (one row per member: group, rank,"
          + " id, path, best, exact, score, width, height) (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--show", paramLabel = "PNG",
      description = "Also draw the groups: one row each, the best copy first (blue), exact copies green.")
  Path show;

  @Option(names = "--show-groups", paramLabel = "N", defaultValue = "20",
      description = "Groups drawn by --show at most, 1.." + DedupSheet.MAX_GROUPS + " (default: ${DEFAULT-VALUE}).")
  int showGroups;

  @Override
  public Integer call() throws Exception {
    Path index = location.require(spec);
    DedupFormat fmt = DedupFormat.parse(format);
    if (threshold != null && !Float.isFinite(threshold)) {
      throw new ErrorHandler.UsageException("--threshold must be a number, got: " + threshold);
    }
    if (exactOnly && threshold != null) throw new ErrorHandler.UsageException("--exact-only takes no --threshold");
    OptionChecks.range("--neighbours", neighbours, 1, DedupOptions.MAX_NEIGHBOURS);
    OptionChecks.range("--max-items", maxItems, 1, Integer.MAX_VALUE);
    OptionChecks.range("--show-groups", showGroups, 1, DedupSheet.MAX_GROUPS);
    DedupResult result;
    // The stored vectors are compared with each other: the store alone, no model.
    try (ItemStore store = Loupe.openStore(index, LoupeConfig.defaults())) {
      int size = store.size();
      if (size > maxItems) {
        throw new ErrorHandler.UsageException("the index holds " + size + " items, over --max-items " + maxItems);
      }
      Float t = exactOnly ? null : threshold;
      String source = "option";
      if (!exactOnly && t == null) {
        String what = store.spec().embedder().name() + " with " + store.spec().metric().label()
            + (DefaultThresholds.centred(store) ? " and centring" : "");
        t = DefaultThresholds.forStore(store).orElseThrow(() -> new ErrorHandler.UsageException(
            "no measured default --threshold for model " + what + "; give --threshold S (measured defaults: "
                + DefaultThresholds.known() + ")"));
        source = "default";
        spec.commandLine().getErr().printf(Locale.ROOT, "threshold %.2f, the measured default for %s%n", t, what);
      }
      List<DuplicateGroup> groups = Duplicates.find(store,
          new DedupOptions(t == null ? Float.NaN : t, neighbours, maxItems, exactOnly));
      result = DedupResult.of(t, exactOnly ? null : source, exactOnly, groups);
    }
    fmt.write(result, spec.commandLine().getOut());
    // stdout carries data only: the summary of a jsonl or csv listing goes to stderr (json holds it).
    if (fmt == DedupFormat.JSONL || fmt == DedupFormat.CSV) spec.commandLine().getErr().println(DedupFormat.summary(result));
    if (show != null && !result.groups().isEmpty()) {
      DedupSheet.write(result.groups(), showGroups, show);
      spec.commandLine().getErr().printf("wrote %s (%d of %d groups)%n", Printable.escape(show),
          Math.min(showGroups, result.groups().size()), result.groups().size());
    } else if (show != null) {
      spec.commandLine().getErr().println("no groups: " + Printable.escape(show) + " not written");
    }
    return 0;
  }
}
