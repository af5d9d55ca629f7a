package dev.loupe.cli;

import dev.loupe.core.query.Hit;
import dev.loupe.core.query.Metric;
import dev.loupe.core.query.SearchRequest;
import dev.loupe.engine.Loupe;
import dev.loupe.engine.catalog.SourceScanner;
import dev.loupe.engine.feedback.FeedbackRecorder;
import dev.loupe.engine.feedback.JudgementLog;
import dev.loupe.engine.catalog.TextCatalog;
import dev.loupe.engine.query.MixedQuery;
import dev.loupe.engine.query.TextCollection;
import dev.loupe.engine.query.QueryOptions;
import dev.loupe.image.ImageDecodeException;
import dev.loupe.report.ContactSheet;
import dev.loupe.report.ExplainedSheet;
import dev.loupe.report.SheetRow;
import dev.loupe.report.SheetStyle;
import java.io.IOException;
import java.io.PrintWriter;
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
    description = {"Find the indexed images that look most like each query image, or that match a text (--text, on"
        + " an index built with a CLIP model), or the texts of a CSV that match each image (--texts).",
        "Text queries take rclip's arithmetic: \"sneakers -white\" subtracts the vector of 'white', \"+term\" adds"
        + " one, term:W weighs it; --image-weight W adds each query IMAGE's vector times W.",
        "Results go to stdout (text, json or jsonl); errors to stderr. The model is loaded once for all queries."})
final class SearchCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "IMAGE", arity = "0..*",
      description = "Query image files or folders of them (may be omitted when --like names items or --text is given).")
  List<Path> queries = new ArrayList<>();

  @Option(names = "--text", paramLabel = "TEXT",
      description = "Text query (repeatable): the images that match these words. Needs an index built with a model that"
          + " has a text tower (a CLIP model), or a tower trained for the index (loupe train-text), which then takes"
          + " precedence; a text longer than the tower's context (77 tokens or words) is cut, with a notice.")
  List<String> texts = new ArrayList<>();

  @Option(names = "--image-weight", paramLabel = "W",
      description = "Mixed query: add each query IMAGE's normalised vector times W to the --text's (rclip's text plus"
          + " image); one ranking per IMAGE. W in -10..10.")
  Double imageWeight;

  @Option(names = "--texts", paramLabel = "CSV",
      description = "Image → text: rank the texts of this CSV (a header row; --column names the text column, an 'id'"
          + " column is used when present) for each query IMAGE, by cosine with the index's text tower.")
  Path textsCsv;

  @Option(names = "--column", paramLabel = "C", defaultValue = "text",
      description = "The column of --texts holding the texts (default: ${DEFAULT-VALUE}).")
  String column;

  @Option(names = "--max-texts", paramLabel = "N", defaultValue = "" + TextCollection.DEFAULT_MAX_TEXTS,
      description = "Bound on the --texts collection, held in memory: more rows is an error (default: ${DEFAULT-VALUE}).")
  int maxTexts;

  @Mixin IndexLocation location;

  /**
   * The most hits a query may ask for. The index never returns more items than it holds, whatever k is; this
   * bound keeps a typo ({@code -k 100000000}) an error rather than a wall of output.
   */
  static final int MAX_TOP = 100_000;

  @Option(names = {"-k", "--top"}, paramLabel = "N", defaultValue = "10",
      description = "Hits per query, 1.." + MAX_TOP + "; never more than the index holds (default: ${DEFAULT-VALUE}).")
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

  @Option(names = "--tta", paramLabel = "N", defaultValue = "0",
      description = "Test-time augmentation: average the query's vector with N augmented views (default: ${DEFAULT-VALUE}).")
  int tta;

  @Option(names = "--crops", paramLabel = "N", defaultValue = "1",
      description = "Cut each query into N overlapping crops, search each, keep an item's best score: finds a whole "
          + "image from a partial photo of it (default: ${DEFAULT-VALUE}).")
  int crops;

  @Option(names = "--qe", paramLabel = "N", defaultValue = "0",
      description = "Query expansion: re-query with the query plus its top N hits (alpha-QE) (default: ${DEFAULT-VALUE}).")
  int qe;

  @Option(names = "--qe-alpha", paramLabel = "A", defaultValue = "3",
      description = "Exponent of the query-expansion weights score^A (default: ${DEFAULT-VALUE}).")
  double qeAlpha;

  @Option(names = "--rerank", paramLabel = "R", defaultValue = "0",
      description = "k-reciprocal re-ranking of the top R candidates of an image or --like query (0 = off, at most "
          + QueryOptions.MAX_RERANK + "; costs (R+1)^2/2 vector comparisons per query) (default: ${DEFAULT-VALUE}).")
  int rerank;

  @Option(names = "--like", paramLabel = "ID", description = "Relevance feedback: an item id to move towards (repeatable).")
  List<String> like = new ArrayList<>();

  @Option(names = "--unlike", paramLabel = "ID", description = "Relevance feedback: an item id to move away from (repeatable).")
  List<String> unlike = new ArrayList<>();

  @Option(names = "--no-record",
      description = "Do not record --like/--unlike on a query IMAGE as judgements in the index folder (recorded by"
          + " default, for 'loupe learn-ranking').")
  boolean noRecord;

  @Option(names = "--show", paramLabel = "PNG",
      description = "Also draw a contact sheet of the results: one row per query, its hits as thumbnails.")
  Path show;

  @Option(names = "--explain",
      description = "With --show: draw a similarity heat map over each hit (red: the regions that add most to its"
          + " score against the query, blue: regions against it, grey: outside the model's centre crop) and over the"
          + " query (its regions against the top hit). Needs a CNN model whose vector pools a feature map (the"
          + " default model does) and each hit's image file, read again. See docs/explain.md.")
  boolean explain;

  @Mixin SheetOptions sheet;

  @Mixin CommonOptions common;

  @Mixin StoreOption store;

  @Override
  public Integer call() throws Exception {
    Path index = location.require(spec);
    checkOptions();
    SearchRequest request = request();
    QueryOptions options = ErrorHandler.fromOptions(() -> new QueryOptions(tta, crops, qe, qeAlpha, like, unlike).withRerank(rerank));
    PrintWriter err = spec.commandLine().getErr();
    if (textsCsv != null) return rankTexts(index, err);
    if (!texts.isEmpty()) return searchTexts(index, request, options, err);
    List<String> queryNames = new ArrayList<>();
    int failures = expand(queries, queryNames, err);
    if (queryNames.isEmpty() && !options.hasFeedback()) {
      if (failures > 0) return 1; // the empty folders are named already
      throw new ErrorHandler.UsageException("give at least one query IMAGE, or --like ID");
    }
    List<SheetRow> rows = new ArrayList<>();
    List<ExplainedSheet.Overlays> overlays = new ArrayList<>();
    try (Loupe loupe = Loupe.open(index, store.on(common.config()));
        SheetExplanations explanations = explain ? new SheetExplanations(loupe) : null;
        HitPrinter printer = new HitPrinter(format, spec.commandLine().getOut(), minScore)) {
      if (queryNames.isEmpty()) {
        printer.print("like:" + String.join(",", like), loupe.search((Path) null, request, options));
      }
      for (String query : queryNames) {
        try {
          List<Hit> hits = loupe.search(Path.of(query), request, options);
          printer.print(query, hits);
          if (options.hasFeedback() && !noRecord) record(loupe, Path.of(query), err);
          // Explained before the row is added, so a failure cannot leave a row without its overlays.
          ExplainedSheet.Overlays explained = explanations == null ? null : explanations.row(query, hits, err);
          if (show != null) rows.add(sheet.row(query, hits));
          if (explained != null) overlays.add(explained);
        } catch (ImageDecodeException e) {
          failures++;
          err.printf("loupe: cannot read query %s: %s%n", Printable.escape(query), Printable.escape(e.reason()));
        }
      }
      if (explanations != null) failures += explanations.failures();
    }
    if (show != null && rows.isEmpty()) {
      err.println("loupe: nothing to draw for --show (no query image was searched)");
    } else if (explain) {
      ExplainedSheet.write(rows, overlays, show, SheetStyle.DEFAULT);
    } else if (show != null) {
      ContactSheet.write(rows, show, SheetStyle.DEFAULT);
    }
    return failures == 0 ? 0 : 1;
  }

  /** Records the query's --like/--unlike as judgements (a full log is named on stderr, the search still answers). */
  private void record(Loupe loupe, Path query, PrintWriter err) throws ImageDecodeException {
    JudgementLog.Appended appended;
    try {
      appended = new FeedbackRecorder(loupe, "cli", java.time.Clock.systemUTC())
          .image(Files.readAllBytes(query), query.toString(), like, unlike);
    } catch (IOException e) { // the search has answered; a read-only index folder only loses the recording
      err.println("loupe: note: judgements not recorded in " + Printable.escape(loupe.directory().toString()) + ": "
          + Printable.escape(String.valueOf(e)));
      return;
    }
    String note = FeedbackRecorder.refusedNote(loupe.judgements(), appended);
    if (note != null) err.println("loupe: note: " + Printable.escape(note));
  }

  /**
   * Text → image: one ranking per --text (rclip's "+term -term" arithmetic), printed like an image query's with the
   * text as the query; with --image-weight, one ranking per text and query IMAGE.
   */
  private int searchTexts(Path index, SearchRequest request, QueryOptions options, PrintWriter err)
      throws IOException, ImageDecodeException {
    List<String> images = new ArrayList<>();
    if (imageWeight != null && expand(queries, images, err) > 0) return 1;
    int failures = 0;
    try (Loupe loupe = Loupe.open(index, store.on(common.config()));
        HitPrinter printer = new HitPrinter(format, spec.commandLine().getOut(), minScore)) {
      for (String text : texts) {
        MixedQuery query = ErrorHandler.fromOptions(() -> MixedQuery.parse(text));
        for (MixedQuery.Term t : query.terms()) {
          if (loupe.textEmbedder().truncates(t.text())) {
            err.printf("loupe: note: text query cut to the %s model's context: %s%n",
                loupe.textEmbedder().descriptor().name(), Printable.escape(abbreviate(t.text())));
            err.flush();
          }
        }
        if (imageWeight == null) {
          List<Hit> hits;
          try {
            hits = query.plain() ? loupe.searchText(text, request, options)
                : loupe.searchMixed(query, null, 0, request, options);
          } catch (IllegalArgumentException e) {
            throw new ErrorHandler.UsageException(e.getMessage()); // e.g. "cat -cat": the terms cancel out
          }
          printer.print(text, hits);
          continue;
        }
        for (String image : images) {
          try {
            printer.print(text + " + " + image, loupe.searchMixed(query, Path.of(image), imageWeight, request, options));
          } catch (ImageDecodeException e) {
            failures++;
            err.printf("loupe: cannot read query %s: %s%n", Printable.escape(image), Printable.escape(e.reason()));
          }
        }
      }
    }
    return failures == 0 ? 0 : 1;
  }

  /** Image → text: the --texts collection embedded once, ranked for each query image. */
  private int rankTexts(Path index, PrintWriter err) throws IOException {
    List<String> images = new ArrayList<>();
    int failures = expand(queries, images, err);
    if (images.isEmpty()) {
      if (failures > 0) return 1;
      throw new ErrorHandler.UsageException("--texts ranks texts for query IMAGEs: give at least one IMAGE");
    }
    TextCatalog.Rows rows = new TextCatalog(column, "id").read(textsCsv, maxTexts);
    if (rows.rows().isEmpty()) {
      throw new IOException(textsCsv + ": no text in column '" + column + "' (" + rows.emptyTexts() + " empty rows)");
    }
    if (rows.emptyTexts() > 0) {
      err.printf("loupe: note: %s: %d rows with an empty '%s' skipped%n", Printable.escape(textsCsv), rows.emptyTexts(),
          Printable.escape(column));
    }
    try (Loupe loupe = Loupe.open(index, store.on(common.config()));
        HitPrinter printer = new HitPrinter(format, spec.commandLine().getOut(), minScore)) {
      TextCollection collection = loupe.textCollection(rows.rows(), maxTexts);
      for (String image : images) {
        try {
          List<HitPrinter.TextHit> hits = new ArrayList<>();
          for (Hit h : loupe.rankTexts(Path.of(image), collection, k)) {
            if (minScore != null && h.score() < minScore) continue;
            hits.add(new HitPrinter.TextHit(hits.size() + 1, h.id(), collection.row(h.id()).text(), h.score(),
                h.distance(), h.metadata()));
          }
          printer.printTexts(image, hits);
        } catch (ImageDecodeException e) {
          failures++;
          err.printf("loupe: cannot read query %s: %s%n", Printable.escape(image), Printable.escape(e.reason()));
        }
      }
    }
    return failures == 0 ? 0 : 1;
  }

  /** The first words of a long text, for a notice that names it without repeating it whole. */
  private static String abbreviate(String text) {
    return text.length() <= 60 ? text : text.substring(0, 60) + "...";
  }

  /** The request the options describe (after {@link #checkOptions}). */
  SearchRequest request() {
    return ErrorHandler.fromOptions(() -> new SearchRequest(k, metric == null ? null : Metric.parse(metric), exact,
        minScore == null ? Float.NEGATIVE_INFINITY : minScore, parseFilters(filters)));
  }

  private void checkOptions() {
    OptionChecks.range("--top", k, 1, MAX_TOP);
    OptionChecks.range("--tta", tta, 0, 64);
    OptionChecks.range("--crops", crops, 1, dev.loupe.image.MultiCrop.MAX_CROPS);
    OptionChecks.range("--qe", qe, 0, MAX_TOP);
    OptionChecks.finiteAtLeast("--qe-alpha", qeAlpha, 0);
    OptionChecks.range("--rerank", rerank, 0, QueryOptions.MAX_RERANK);
    if (rerank > 0 && !texts.isEmpty()) throw new ErrorHandler.UsageException("--rerank re-ranks image and --like queries, not --text");
    if (minScore != null && minScore.isNaN()) throw new ErrorHandler.UsageException("--min-score must be a number, got: NaN");
    OptionChecks.range("--max-texts", maxTexts, 1, 10_000_000);
    if (imageWeight != null) {
      if (texts.isEmpty()) throw new ErrorHandler.UsageException("--image-weight mixes query IMAGEs into a --text query: give --text");
      if (!Double.isFinite(imageWeight) || Math.abs(imageWeight) > 10) {
        throw new ErrorHandler.UsageException("--image-weight must be in -10..10, got: " + imageWeight);
      }
      if (queries.isEmpty()) throw new ErrorHandler.UsageException("--image-weight needs at least one query IMAGE");
    }
    if (explain && (!texts.isEmpty() || textsCsv != null)) {
      throw new ErrorHandler.UsageException("--explain splits an image query's score over its regions; text queries "
          + "are not explained");
    }
    if (explain && show == null) {
      throw new ErrorHandler.UsageException("--explain draws heat maps on the contact sheet: give --show OUT.png");
    }
    if (explain && metric != null && !List.of(Metric.COSINE, Metric.DOT).contains(request().metric())) {
      throw new ErrorHandler.UsageException("--explain splits cosine scores; --metric " + metric + " does not split");
    }
    if (textsCsv != null) {
      if (!texts.isEmpty()) throw new ErrorHandler.UsageException("give --texts (image → text) or --text (text → image), not both");
      if (tta != 0 || crops != 1 || qe != 0 || rerank != 0 || !like.isEmpty() || !unlike.isEmpty() || show != null || !filters.isEmpty()) {
        throw new ErrorHandler.UsageException("--texts ranks texts: --tta, --crops, --qe, --rerank, --like, --unlike, --filter and --show do not apply");
      }
    }
    if (!texts.isEmpty()) {
      for (String t : texts) {
        if (t.isBlank()) throw new ErrorHandler.UsageException("--text needs some words, got an empty text");
      }
      if (!queries.isEmpty() && imageWeight == null) {
        throw new ErrorHandler.UsageException("give query IMAGEs or --text, not both (or mix them with --image-weight W)");
      }
      if (tta != 0 || crops != 1) throw new ErrorHandler.UsageException("--tta and --crops apply to image queries, not to --text");
      if (show != null) throw new ErrorHandler.UsageException("--show draws image queries; it is not available with --text");
    }
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

  /**
   * Adds the query paths as given to {@code out}; folders become their image files, sorted. A folder without
   * any is named on stderr (a search of it would otherwise answer nothing, or blame a missing argument).
   *
   * @return how many folders held no image
   */
  private static int expand(List<Path> paths, List<String> out, PrintWriter err) throws IOException {
    int empty = 0;
    java.util.function.Consumer<String> warn = m -> err.println("loupe: " + Printable.escape(m));
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        List<Path> images = SourceScanner.imagesUnder(p, warn);
        if (images.isEmpty()) {
          empty++;
          err.printf("loupe: no image files in folder %s (looked for %s)%n", Printable.escape(p),
              String.join(", ", new java.util.TreeSet<>(SourceScanner.IMAGE_EXTENSIONS)));
        }
        for (Path f : images) out.add(f.toString());
      } else {
        out.add(p.toString());
      }
    }
    err.flush();
    return empty;
  }
}
