package dev.loupe.eval.dedup;

import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.loupe.eval.EvalDataset;
import dev.loupe.report.Charts;
import dev.loupe.report.Curve;
import dev.loupe.report.Markdown;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Writes a duplicates evaluation: a summary table, every swept row as CSV, and report.md with its chart. */
public final class DedupReport {
  /** Rows of the sweep shown in report.md: every this-many hundredths (CSV has them all). */
  static final int REPORT_STEP = 5;

  private final EvalDataset dataset;
  private final List<DedupEvaluation.Result> results;

  public DedupReport(EvalDataset dataset, List<DedupEvaluation.Result> results) {
    if (results.isEmpty()) throw new IllegalArgumentException("no results to report");
    this.dataset = dataset;
    this.results = List.copyOf(results);
  }

  /**
   * One row per configuration: the threshold {@link ThresholdChoice} picks and its numbers, and the best-F1
   * threshold beside it.
   */
  public String table() {
    List<String> header = List.of("configuration", "threshold (P≥" + fmt2(ThresholdChoice.MIN_PRECISION) + ")",
        "precision", "recall", "F1", "whole groups", "best-F1 threshold", "P", "R", "F1 ");
    List<List<?>> rows = new ArrayList<>();
    for (DedupEvaluation.Result r : results) {
      Optional<DedupEvaluation.Row> chosen = ThresholdChoice.lowestPrecise(r.rows(), ThresholdChoice.MIN_PRECISION);
      DedupEvaluation.Row best = ThresholdChoice.bestF1(r.rows());
      List<Object> row = new ArrayList<>(List.of(r.config().name()));
      if (chosen.isPresent()) {
        GroupMetrics m = chosen.get().metrics();
        row.addAll(List.of(fmt2(chosen.get().threshold()), fmt(m.precision()), fmt(m.recall()), fmt(m.f1()),
            fmt(m.wholeGroups())));
      } else {
        row.addAll(List.of("none", "-", "-", "-", "-"));
      }
      row.addAll(List.of(fmt2(best.threshold()), fmt(best.metrics().precision()), fmt(best.metrics().recall()),
          fmt(best.metrics().f1())));
      rows.add(row);
    }
    return Markdown.table(header, rows);
  }

  /**
   * Per configuration, at its chosen threshold, the fraction of copies grouped with their source by kind of
   * distortion: what the default finds and what it misses.
   */
  public String kindTable() {
    List<String> kinds = results.getFirst().rows().getFirst().foundByKind().keySet().stream().sorted().toList();
    List<String> header = new ArrayList<>(List.of("configuration", "threshold"));
    header.addAll(kinds);
    List<List<?>> rows = new ArrayList<>();
    for (DedupEvaluation.Result r : results) {
      Optional<DedupEvaluation.Row> chosen = ThresholdChoice.lowestPrecise(r.rows(), ThresholdChoice.MIN_PRECISION);
      if (chosen.isEmpty()) continue;
      List<Object> row = new ArrayList<>(List.of(r.config().name(), fmt2(chosen.get().threshold())));
      for (String k : kinds) row.add(fmt2(chosen.get().foundByKind().getOrDefault(k, 0.0)));
      rows.add(row);
    }
    return Markdown.table(header, rows);
  }

  private static final CsvSchema CSV = CsvSchema.builder().addColumn("configuration").addColumn("threshold")
      .addColumn("precision").addColumn("recall").addColumn("f1").addColumn("wholeGroups").addColumn("groups")
      .addColumn("predictedPairs").addColumn("truePairs").addColumn("correctPairs").build().withHeader();

  /** Every configuration at every threshold swept. */
  public String csv() throws IOException {
    List<List<Object>> rows = new ArrayList<>();
    for (DedupEvaluation.Result r : results) {
      for (DedupEvaluation.Row row : r.rows()) {
        GroupMetrics m = row.metrics();
        rows.add(Arrays.asList(r.config().name(), fmt2(row.threshold()), m.precision(), m.recall(), m.f1(),
            m.wholeGroups(), row.groups(), m.predictedPairs(), m.truePairs(), m.correctPairs()));
      }
    }
    return new CsvMapper().writer(CSV).writeValueAsString(rows);
  }

  /** Writes report.md, dedup-pr.png (precision against recall, one point per threshold) and results.csv. */
  public void writeMarkdown(Path dir, String command) throws IOException {
    Files.createDirectories(dir);
    List<Curve> curves = new ArrayList<>();
    for (DedupEvaluation.Result r : results) {
      double[] recall = r.rows().stream().mapToDouble(x -> x.metrics().recall()).toArray();
      double[] precision = r.rows().stream().mapToDouble(x -> x.metrics().precision()).toArray();
      curves.add(new Curve(r.config().name(), recall, precision));
    }
    // The dataset's name is in report.md; a longer title would be cut off at the chart's width.
    Charts.precisionRecall(curves, "Duplicate groups: pairwise precision-recall, one point per threshold",
        dir.resolve("dedup-pr.png"));
    StringBuilder md = new StringBuilder();
    md.append("# Duplicate groups: ").append(dataset.name()).append("\n\n");
    md.append("Originals and their distorted copies in one collection (").append(dataset.gallery().size())
        .append(" + ").append(dataset.queries().size()).append(" items); a true group is a source with its copies. ")
        .append("Pairwise precision, recall and F1 of `loupe dedup`'s groups, and the fraction of true groups found")
        .append(" whole. Reproduce with:\n\n```bash\n").append(command).append("\n```\n\n");
    md.append(table()).append("\nThe default threshold rule: the lowest threshold whose precision, and that of every")
        .append(" higher threshold that groups at least ").append(ThresholdChoice.MIN_PAIRS)
        .append(" pairs, is at least ").append(fmt2(ThresholdChoice.MIN_PRECISION)).append(".\n\n");
    md.append("Copies found with their source at that threshold, by kind of distortion (a copy with two kinds ")
        .append("counts for both):\n\n").append(kindTable()).append("\n");
    md.append("![precision-recall by threshold](dedup-pr.png)\n\nOne point per threshold, ")
        .append("0.05 (right) to 0.99 (left).\n\n## The sweep (precision / recall / F1)\n\n");
    List<String> header = new ArrayList<>(List.of("threshold"));
    results.forEach(r -> header.add(r.config().name()));
    List<List<?>> rows = new ArrayList<>();
    for (int i = 0; i < results.getFirst().rows().size(); i++) {
      float t = results.getFirst().rows().get(i).threshold();
      if (Math.round(t * 100) % REPORT_STEP != 0 && Math.round(t * 100) != 99) continue;
      List<Object> row = new ArrayList<>(List.of(fmt2(t)));
      for (DedupEvaluation.Result r : results) {
        GroupMetrics m = r.rows().get(i).metrics();
        row.add(fmt(m.precision()) + " / " + fmt(m.recall()) + " / " + fmt(m.f1()));
      }
      rows.add(row);
    }
    md.append(Markdown.table(header, rows));
    Files.writeString(dir.resolve("report.md"), md.toString());
    Files.writeString(dir.resolve("results.csv"), csv());
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

  private static String fmt2(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
