package dev.loupe.cli;

import dev.loupe.core.embed.EmbedderSettings;
import dev.loupe.core.util.FileTrees;
import dev.loupe.eval.EvalConfig;
import dev.loupe.eval.EvalDataset;
import dev.loupe.eval.SimulatedFeedback;
import dev.loupe.engine.ranking.RankFeatures;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** {@code loupe eval --simulated-feedback K}: runs {@link SimulatedFeedback} and prints its table. */
final class SimulatedFeedbackCommand {
  private SimulatedFeedbackCommand() {}

  static int run(picocli.CommandLine.Model.CommandSpec spec, EvalDataset dataset, EvalConfig config, int judged,
      List<Integer> counts, long seed, EmbedderSettings settings, Integer threads) throws Exception {
    SimulatedFeedback.Settings s = ErrorHandler.fromOptions(() -> new SimulatedFeedback.Settings(judged, counts, seed));
    PrintWriter err = spec.commandLine().getErr();
    Path work = Files.createTempDirectory("loupe-simulated-feedback");
    SimulatedFeedback.Report report;
    try {
      report = new SimulatedFeedback(settings, threads != null ? threads : Runtime.getRuntime().availableProcessors(),
          line -> {
            err.println(Printable.escape(line));
            err.flush();
          }).run(dataset, config, s, work);
    } finally {
      FileTrees.delete(work); // the simulated judgements are regenerated from the seed on every run
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf("simulated feedback on %s, %s: top %d hits judged per query by the labels; %d queries to judge from,"
        + " %d test queries never judged (seed %d); default lever %s%n", Printable.escape(report.dataset()),
        Printable.escape(report.config()), report.judgedPerQuery(), report.poolQueries(), report.testQueries(), seed,
        report.defaultLever());
    out.printf("%7s %10s  %-23s %13s %8s  %12s %8s %8s%n", "queries", "judgements",
        "weights " + String.join("/", RankFeatures.NAMES), "held acc l/d", "kept", "test mAP def", "learned", "applied");
    for (SimulatedFeedback.Row r : report.rows()) {
      String weights = "-";
      if (r.weights() != null) {
        StringBuilder w = new StringBuilder();
        for (double x : r.weights()) w.append(w.isEmpty() ? "" : "/").append(String.format(Locale.ROOT, "%.2f", x));
        weights = w.toString();
      }
      out.printf(Locale.ROOT, "%7d %10d  %-23s %6.3f/%.3f %8s  %12.4f %8.4f %8.4f%s%n", r.judgedQueries(),
          r.judgements(), weights, r.heldLearned(), r.heldCurrent(), r.kept() ? "yes" : "no", r.mapDefault(),
          r.mapLearned(), r.mapApplied(), r.note().isEmpty() ? "" : "  (" + Printable.escape(r.note()) + ")");
    }
    out.flush();
    return 0;
  }
}
