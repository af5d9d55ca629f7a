package dev.loupe.cli;

import dev.loupe.core.embed.EmbedderSettings;
import dev.loupe.core.util.FileTrees;
import dev.loupe.eval.ConfigResult;
import dev.loupe.eval.EvalConfig;
import dev.loupe.eval.EvalDataset;
import dev.loupe.eval.EvalDatasets;
import dev.loupe.eval.EvalReport;
import dev.loupe.engine.catalog.CsvCatalog;
import dev.loupe.eval.CaptionData;
import dev.loupe.eval.Evaluator;
import dev.loupe.eval.TextEvalReport;
import dev.loupe.eval.TextEvaluator;
import dev.loupe.eval.TextRetrieval;
import dev.loupe.eval.TowerRecipe;
import dev.loupe.onnx.ModelCatalog;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Measure retrieval quality on labelled data and compare configurations side by side.",
        "DATA is a folder with train/<class>/ and test/<class>/ (train = gallery, test = queries), a folder of "
            + "<class>/ subfolders (leave-one-out), or a CSV catalogue with --label (leave-one-out), or caption/title"
            + " data with --text-column (text ↔ image recall).",
        "Relevant = same label, unless --pairs gives query,relevant pairs. Each image is embedded once per "
            + "embedder and reused by every configuration."},
    footer = {"", "Configurations: EMBEDDER[/METRIC][/LEVER...], e.g. mobilenetv2-tf2-ptq/cosine/center, pixels-16/l1,",
        "mobilenetv2-tf2-ptq+mobilenetv2-onnxzoo-int8, mobilenetv2-tf2-ptq/qe=5. Levers: center, augment=N, tta=N,",
        "crops=N, qe=N, qe-alpha=A, project[=D] (a projection learned from the gallery's labels),",
        "classes=seen|unseen (queries of a fixed half of the classes, or the other half; project then learns from",
        "the seen half only). Metrics are defined in docs/evaluation.md; projections in docs/projection.md."})
final class EvalCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "DATA", description = "Labelled folder, train/test folder or CSV catalogue.")
  Path data;

  @Option(names = {"-c", "--config"}, paramLabel = "CONFIG",
      description = "A configuration to evaluate (repeatable; default: the default model with cosine).")
  List<String> configs = new ArrayList<>();

  @Option(names = "--label", paramLabel = "COL[+COL]",
      description = "CSV label column(s); with several, relevant = same value in all (e.g. articleType+baseColour).")
  String label;

  @Mixin CatalogColumns columns;

  @Option(names = "--text-column", paramLabel = "C",
      description = "Caption/title data: DATA is a CSV with an image column and this text column; measures text → image"
          + " and image → text recall@K, median rank and their chance values for each model with a text tower.")
  String textColumn;

  @Option(names = "--train-text", split = ",", paramLabel = "BASE[:OBJ]",
      description = "With --text-column: instead of a model's own text tower, train towers as 'loupe train-text' does"
          + " (tfidf, minilm, tfidf:contrastive, minilm:contrastive ...) on the texts of --train of the images and"
          + " measure them on the other images.")
  List<String> trainText;

  @Option(names = "--train", paramLabel = "F", defaultValue = "0.8",
      description = "With --train-text: the share of the images (split by --seed) whose texts train the towers,"
          + " 0.5..0.95 (default: ${DEFAULT-VALUE}).")
  double trainShare;

  @Option(names = "--group", paramLabel = "COL",
      description = "With --text-column: also report precision@10 of targets sharing this column's value (e.g. articleType).")
  String group;

  @Option(names = "--pairs", paramLabel = "CSV",
      description = "Ground truth as query,relevant pairs of paths relative to DATA (INRIA Holidays style).")
  Path pairs;

  @Option(names = "--near-duplicates", paramLabel = "N",
      description = "Build a near-duplicate task from DATA's images: N distorted copies (crop, rotation, JPEG, "
          + "downscale, colour) query the gallery; relevant = the source image.")
  Integer nearDuplicates;

  @Option(names = "--dedup",
      description = "With --near-duplicates: measure 'loupe dedup' instead of search: originals and copies are one "
          + "collection, true groups = a source with its copies; pairwise precision/recall/F1 of the groups for "
          + "thresholds 0.05..0.99 (docs/quality.md, Duplicates).")
  boolean dedup;

  @Option(names = "--simulated-feedback", paramLabel = "K",
      description = "Learning to rank from simulated feedback: half the queries (split by --seed) each have the top K"
          + " hits of the default search judged by their labels, as a user would click; a ranking is learned as"
          + " 'loupe learn-ranking' does from the first N of them (--feedback-queries) and measured (mAP) on the other"
          + " half. K in 1..100; uses the first --config.")
  Integer simulatedFeedback;

  @Option(names = "--feedback-queries", split = ",", paramLabel = "N", defaultValue = "10,40,0",
      description = "With --simulated-feedback: numbers of judged queries to learn from, 0 = all (default: ${DEFAULT-VALUE}).")
  List<Integer> feedbackQueries;

  @Option(names = "--seed", defaultValue = "42",
      description = "Seed of --near-duplicates, of the --train-text split and of the --simulated-feedback split"
          + " (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "-k", split = ",", paramLabel = "K", defaultValue = "1,5,10",
      description = "Cut-offs for P@k, R@k, F1@k, mAP@k, sim@k, each 1.." + SearchCommand.MAX_TOP
          + " (default: ${DEFAULT-VALUE}).")
  List<Integer> ks;

  @Option(names = {"-f", "--format"}, defaultValue = "text", paramLabel = "FMT",
      description = "text (a comparison table), json or csv (every number) (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Also write report.md with pictures (precision-recall, mAP bars, best hits), results.json and results.csv.")
  Path out;

  @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: number of cores).")
  Integer threads;

  @Mixin CommonOptions common;

  enum Format { TEXT, JSON, CSV }

  @Override
  public Integer call() throws Exception {
    if (!Files.exists(data)) throw new ErrorHandler.UsageException("no such file or folder: " + data);
    for (int k : ks) OptionChecks.range("-k", k, 1, SearchCommand.MAX_TOP);
    if (nearDuplicates != null && nearDuplicates < 1) {
      throw new ErrorHandler.UsageException("--near-duplicates must be at least 1, got: " + nearDuplicates);
    }
    if (threads != null && threads < 1) throw new ErrorHandler.UsageException("--threads must be at least 1, got: " + threads);
    if (dedup && nearDuplicates == null) throw new ErrorHandler.UsageException("--dedup needs --near-duplicates N");
    if (textColumn != null) return textEval();
    if (trainText != null || group != null) {
      throw new ErrorHandler.UsageException("--train-text and --group need --text-column");
    }
    EvalDataset dataset = dataset();
    List<EvalConfig> parsed = new ArrayList<>();
    for (String c : configs.isEmpty() ? List.of(ModelCatalog.DEFAULT_MODEL) : configs) {
      try {
        parsed.add(EvalConfig.parse(c));
      } catch (IllegalArgumentException e) {
        throw new ErrorHandler.UsageException(e.getMessage());
      }
    }
    PrintWriter err = spec.commandLine().getErr();
    if (dedup) return DedupEval.run(this, dataset, parsed);
    err.printf("%s: %d gallery images, %d queries, %d configurations%n", Printable.escape(dataset.name()),
        dataset.gallery().size(), dataset.queries().size(), parsed.size());
    err.flush();
    Evaluator evaluator = new Evaluator(EmbedderSettings.fromEnvironment(common.modelDirs, 1),
        threads != null ? threads : Runtime.getRuntime().availableProcessors(), ks, line -> {
          err.println(Printable.escape(line));
          err.flush();
        });
    if (simulatedFeedback != null) {
      // The simulated user judges the index's default search: only a metric and centring shape it.
      EvalConfig first = parsed.getFirst();
      if (parsed.size() > 1 || first.levers().augmentViews() != 0 || first.levers().dbaTop() != 0
          || !first.query().equals(dev.loupe.engine.query.QueryOptions.NONE)
          || !first.projection().equals(dev.loupe.eval.ProjectionLever.NONE)) {
        throw new ErrorHandler.UsageException("--simulated-feedback takes one configuration of a model, a metric and "
            + "optionally center, got: " + String.join(", ", parsed.stream().map(EvalConfig::name).toList()));
      }
      return SimulatedFeedbackCommand.run(spec, dataset, parsed.getFirst(), simulatedFeedback, feedbackQueries, seed,
          EmbedderSettings.fromEnvironment(common.modelDirs, 1), threads);
    }
    List<ConfigResult> results = evaluator.run(dataset, parsed);
    EvalReport report = new EvalReport(dataset, results, ks);
    PrintWriter stdout = spec.commandLine().getOut();
    switch (format) {
      case TEXT -> stdout.print(report.table());
      case JSON -> stdout.println(report.json());
      case CSV -> stdout.print(report.csv());
    }
    stdout.flush();
    if (out != null) {
      List<String> args = spec.commandLine().getParseResult().originalArgs();
      String command = "loupe " + (args.isEmpty() || !args.get(0).equals("eval") ? "eval " : "") + String.join(" ", args);
      report.writeMarkdown(out, command);
      Files.writeString(out.resolve("results.json"), report.json());
      Files.writeString(out.resolve("results.csv"), report.csv());
      err.println("report written to " + Printable.escape(out.resolve("report.md")));
    }
    return 0;
  }

  /** Text ↔ image retrieval on caption data, one model at a time (a configuration's metric and levers do not apply). */
  private int textEval() throws Exception {
    if (Files.isDirectory(data)) throw new ErrorHandler.UsageException("--text-column needs a CSV as DATA, got a folder: " + data);
    if (label != null || pairs != null || nearDuplicates != null || out != null) {
      throw new ErrorHandler.UsageException("--text-column does not combine with --label, --pairs, --near-duplicates or --out");
    }
    if (format == Format.CSV) throw new ErrorHandler.UsageException("--text-column reports as text or json");
    List<String> models = new ArrayList<>();
    for (String c : configs.isEmpty() ? List.of(ModelCatalog.DEFAULT_MODEL) : configs) {
      String model = ErrorHandler.fromOptions(() -> EvalConfig.parse(c)).embedder();
      if (!models.contains(model)) models.add(model);
    }
    PrintWriter err = spec.commandLine().getErr();
    // Caption data needs no id column: the image path identifies an image (read as both id and image column).
    List<TowerRecipe> recipes = new ArrayList<>();
    if (trainText != null) {
      for (String t : trainText) recipes.add(ErrorHandler.fromOptions(() -> TowerRecipe.parse(t)));
      if (!(trainShare >= 0.5 && trainShare <= 0.95)) {
        throw new ErrorHandler.UsageException("--train must be between 0.5 and 0.95, got: " + trainShare);
      }
    }
    CaptionData captions = CaptionData.read(data,
        new CsvCatalog(columns.imageColumn, columns.imageColumn, columns.allowOutside), textColumn, group);
    err.printf("%s: %d images, %d texts (%d rows without a text), %d models%n", Printable.escape(data),
        captions.images().size(), captions.texts().size(), captions.emptyTexts(), models.size());
    err.flush();
    TextEvaluator evaluator = new TextEvaluator(EmbedderSettings.fromEnvironment(common.modelDirs, 1), ks, line -> {
      err.println(Printable.escape(line));
      err.flush();
    });
    java.util.Map<String, List<TextRetrieval.Result>> results = new java.util.LinkedHashMap<>();
    for (String model : models) {
      if (recipes.isEmpty()) {
        results.put(model, evaluator.run(captions, model));
      } else {
        evaluator.runTrained(captions, model, recipes, trainShare, seed)
            .forEach((recipe, r) -> results.put(model + " + " + recipe, r));
      }
    }
    TextEvalReport report = new TextEvalReport(data.toString(), results, ks);
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.print(format == Format.JSON ? report.json() + System.lineSeparator() : report.table());
    stdout.flush();
    return 0;
  }

  private EvalDataset dataset() throws Exception {
    if (nearDuplicates != null) {
      // The distorted queries are regenerated from the seed on every run: a temporary folder, not a result.
      Path work = Files.createTempDirectory("loupe-near-duplicates");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          FileTrees.delete(work);
        } catch (java.io.IOException e) {
          // best effort: it is a temporary folder
        }
      }));
      return EvalDatasets.nearDuplicates(EvalDatasets.images(data, columns.catalog()), nearDuplicates, seed, work);
    }
    if (Files.isDirectory(data)) {
      if (pairs != null) return EvalDatasets.pairs(data, pairs);
      if (Files.isDirectory(data.resolve("train")) && Files.isDirectory(data.resolve("test"))) {
        return EvalDatasets.trainTest(data);
      }
      return EvalDatasets.labelledFolder(data);
    }
    if (label == null) throw new ErrorHandler.UsageException("a CSV catalogue needs --label COLUMN");
    return EvalDatasets.csv(data, columns.catalog(), List.of(label.split("\\+")));
  }
}
