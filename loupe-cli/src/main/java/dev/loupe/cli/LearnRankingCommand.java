package dev.loupe.cli;

import dev.loupe.core.index.ItemStore;
import dev.loupe.engine.Loupe;
import dev.loupe.engine.feedback.JudgementLog;
import dev.loupe.engine.ranking.LearnedSearch;
import dev.loupe.engine.ranking.RankFeatures;
import dev.loupe.engine.ranking.RankingFile;
import dev.loupe.engine.ranking.RankingTrainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "learn-ranking", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Learn a re-weighting of the retrieval levers (raw cosine, centred cosine, query expansion by 3 and"
        + " by 10 hits) from the judgements recorded in the index folder (search --like/--unlike, the server's"
        + " feedback).",
        "Queries are split into train and held-out by --seed; the table compares, on the held-out judgements, the"
            + " learned weighting with each single lever and the index's current setting. The weights are saved with"
            + " the index only if they beat the current setting (pairwise accuracy); image searches then re-rank their"
            + " top " + LearnedSearch.CANDIDATES + " candidates by them."})
final class LearnRankingCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin IndexLocation location;

  @Option(names = "--holdout", paramLabel = "F", defaultValue = "0.2",
      description = "Share of the judged queries held out to evaluate, 0.05..0.5 (default: ${DEFAULT-VALUE}).")
  double holdout;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
      description = "Seed of the split by query; the same seed and judgements give the same weights (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--dry-run", description = "Report only; never save the weights.")
  boolean dryRun;

  @Mixin CommonOptions common;

  @Override
  public Integer call() throws Exception {
    Path index = location.require(spec);
    RankingTrainer.Options options = ErrorHandler.fromOptions(() -> new RankingTrainer.Options(holdout, seed));
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (ItemStore store = Loupe.openStore(index, common.config())) {
      var judgements = JudgementLog.of(index).read(w -> err.println("loupe: warning: " + Printable.escape(w)));
      RankFeatures features = new RankFeatures(store);
      RankingTrainer.Judged judged =
          RankingTrainer.judged(judgements, features, store.spec().embedder().name(),
              store.spec().embedder().dimension(), key -> null);
      long withPairs = judged.queries().stream().filter(q -> q.hasPairs()).count();
      out.printf("judgements: %d read (%d of items no longer in the index, %d of another model skipped);"
          + " %d queries, %d with a good and a bad item%n", judged.judgements(), judged.missingItems(),
          judged.otherModel(), judged.queries().size(), withPairs);
      String embedder = store.spec().embedder().name();
      RankingTrainer.Result result;
      try {
        result = RankingTrainer.learn(judged, options, RankingFile.read(index), features.defaultLever(), embedder);
      } catch (IllegalArgumentException e) {
        err.println("loupe: " + Printable.escape(e.getMessage()) + " (judge more hits with loupe search --like/--unlike)");
        return 1;
      }
      out.printf("split by query (seed %d): %d train, %d held out%n", seed, result.trainQueries(), result.heldQueries());
      out.printf("%-44s %9s %7s %7s  %s%n", "held-out judgements", "pair acc", "AUC", "mAP", "weights "
          + String.join("/", RankFeatures.NAMES));
      for (RankingTrainer.Row r : result.rows()) {
        StringBuilder w = new StringBuilder();
        for (double x : r.weights()) w.append(w.isEmpty() ? "" : "/").append(String.format(java.util.Locale.ROOT, "%.2f", x));
        out.printf(java.util.Locale.ROOT, "%-44s %9.4f %7.4f %7.4f  %s%n", Printable.escape(r.name()),
            r.metrics().accuracy(), r.metrics().auc(), r.metrics().map(), w);
      }
      if (result.ranking().isEmpty()) {
        out.printf("kept the current setting: %s%n", result.verdict());
      } else if (dryRun) {
        out.printf("--dry-run: the learned weights beat the current setting; not saved%n");
      } else {
        Path file = RankingFile.write(index, result.ranking().get());
        out.printf("saved %s: image searches of this index re-rank their top %d candidates by the learned weights%n",
            Printable.escape(file), LearnedSearch.CANDIDATES);
      }
      out.flush();
    }
    return 0;
  }
}
