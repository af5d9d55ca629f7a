package dev.loupe.cli;

import dev.loupe.core.embed.EmbedderSettings;
import dev.loupe.engine.dedup.DedupOptions;
import dev.loupe.eval.EvalConfig;
import dev.loupe.eval.EvalDataset;
import dev.loupe.eval.dedup.DedupEvaluation;
import dev.loupe.eval.dedup.DedupReport;
import java.io.PrintWriter;
import java.util.List;

/** {@code loupe eval --near-duplicates N --dedup}: the duplicate groups measured, apart from EvalCommand's search. */
final class DedupEval {
  private DedupEval() {}

  static int run(EvalCommand eval, EvalDataset dataset, List<EvalConfig> configs) throws Exception {
    if (eval.format != EvalCommand.Format.TEXT && eval.format != EvalCommand.Format.CSV) {
      throw new ErrorHandler.UsageException("--dedup reports as text or csv");
    }
    PrintWriter err = eval.spec.commandLine().getErr();
    err.printf("%s: %d originals + %d copies, %d configurations%n", Printable.escape(dataset.name()),
        dataset.gallery().size(), dataset.queries().size(), configs.size());
    err.flush();
    DedupEvaluation evaluation = new DedupEvaluation(EmbedderSettings.fromEnvironment(eval.common.modelDirs, 1),
        eval.threads != null ? eval.threads : Runtime.getRuntime().availableProcessors(),
        DedupOptions.DEFAULT_NEIGHBOURS, line -> {
          err.println(Printable.escape(line));
          err.flush();
        });
    for (EvalConfig c : configs) ErrorHandler.fromOptions(() -> DedupEvaluation.check(c));
    List<DedupEvaluation.Result> results = evaluation.run(dataset, configs, DedupEvaluation.sweep());
    DedupReport report = new DedupReport(dataset, results);
    PrintWriter out = eval.spec.commandLine().getOut();
    out.print(eval.format == EvalCommand.Format.CSV ? report.csv() : report.table() + "\n" + report.kindTable());
    out.flush();
    if (eval.out != null) {
      List<String> args = eval.spec.commandLine().getParseResult().originalArgs();
      String command = "loupe " + (args.isEmpty() || !args.get(0).equals("eval") ? "eval " : "") + String.join(" ", args);
      report.writeMarkdown(eval.out, command);
      err.println("report written to " + Printable.escape(eval.out.resolve("report.md")));
    }
    return 0;
  }
}
