package dev.loupe.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.loupe.core.query.Hit;
import dev.loupe.report.Bar;
import dev.loupe.report.Charts;
import dev.loupe.report.ContactSheet;
import dev.loupe.report.Curve;
import dev.loupe.report.Markdown;
import dev.loupe.report.SheetHit;
import dev.loupe.report.SheetRow;
import dev.loupe.report.SheetStyle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes evaluation results: a comparison table, JSON, CSV, and a Markdown report with pictures. */
public final class EvalReport {
  private final EvalDataset dataset;
  private final List<ConfigResult> results;
  private final List<Integer> ks;

  public EvalReport(EvalDataset dataset, List<ConfigResult> results, List<Integer> ks) {
    this.dataset = dataset;
    this.results = List.copyOf(results);
    this.ks = List.copyOf(ks);
  }

  /** The metrics shown side by side (every metric is in JSON and CSV). */
  List<String> tableColumns() {
    int k = ks.get(Math.min(1, ks.size() - 1));
    return List.of("mAP", "mAP@" + k, "acc@1", "P@" + k, "R@" + k, "F1@" + k, "MRR", "sim@" + k);
  }

  /** One row per configuration, then the chance level; best value of each column marked with '*'. */
  public String table() {
    List<String> cols = tableColumns();
    List<String> header = new ArrayList<>(List.of("configuration"));
    header.addAll(cols);
    header.add("queries");
    header.add("s");
    List<List<?>> rows = new ArrayList<>();
    for (ConfigResult r : results) {
      List<Object> row = new ArrayList<>(List.of(r.config().name()));
      for (String c : cols) row.add(fmt(r.means().get(c)) + (isBest(r, c) && results.size() > 1 ? "*" : ""));
      row.add(r.queries());
      row.add(String.format(Locale.ROOT, "%.1f", r.seconds()));
      rows.add(row);
    }
    List<Object> chance = new ArrayList<>(List.of("(chance)"));
    for (String c : cols) chance.add(c.startsWith("sim@") ? "-" : fmt(results.get(0).chance().get(c)));
    chance.add("");
    chance.add("");
    rows.add(chance);
    return Markdown.table(header, rows);
  }

  private boolean isBest(ConfigResult r, String metric) {
    if (metric.startsWith("sim@")) return false; // similarity scales differ between metrics: not comparable
    return results.stream().allMatch(o -> o.means().get(metric) <= r.means().get(metric));
  }

  public String json() throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("dataset", dataset.name());
    root.put("gallery", dataset.gallery().size());
    root.put("queries", dataset.queries().size());
    List<Map<String, Object>> configs = new ArrayList<>();
    for (ConfigResult r : results) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("configuration", r.config().name());
      c.put("queriesAveraged", r.queries());
      c.put("metrics", r.means());
      c.put("chance", r.chance());
      c.put("interpolatedPrecisionAtRecall", r.precisionAtRecall());
      c.put("perClass", r.perClass());
      c.put("queriesWithoutRelevant", r.withoutRelevant());
      c.put("seconds", r.seconds());
      configs.add(c);
    }
    root.put("configurations", configs);
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
  }

  private static final CsvSchema CSV = CsvSchema.builder()
      .addColumn("configuration").addColumn("scope").addColumn("metric").addColumn("value").addColumn("chance")
      .build().withHeader();

  /**
   * Long format: {@code configuration,scope,metric,value,chance}; scope is "all" or "class:LABEL". Written by
   * Jackson's CSV writer, which quotes cells holding commas, quotes or line breaks (labels come from user data).
   */
  public String csv() throws IOException {
    List<List<Object>> rows = new ArrayList<>();
    for (ConfigResult r : results) {
      r.means().forEach((m, v) -> rows.add(Arrays.asList(r.config().name(), "all", m, v, r.chance().get(m))));
      r.perClass().forEach((label, metrics) -> metrics.forEach(
          (m, v) -> rows.add(Arrays.asList(r.config().name(), "class:" + label, m, v, null))));
    }
    return new CsvMapper().writer(CSV).writeValueAsString(rows);
  }

  /** Writes report.md, pr.png, map.png and a contact sheet of the best configuration into {@code dir}. */
  public void writeMarkdown(Path dir, String command) throws IOException {
    Files.createDirectories(dir);
    List<Curve> curves = new ArrayList<>();
    double[] recall = new double[PrecisionRecall.LEVELS];
    for (int i = 0; i < recall.length; i++) recall[i] = i / 10.0;
    for (ConfigResult r : results) curves.add(new Curve(r.config().name(), recall, r.precisionAtRecall()));
    Charts.precisionRecall(curves, "Interpolated precision-recall, " + dataset.name(), dir.resolve("pr.png"));
    List<Bar> bars = new ArrayList<>();
    for (ConfigResult r : results) bars.add(new Bar(r.config().name(), r.means().get("mAP"), r.chance().get("mAP")));
    Charts.barsWithChance("mAP, " + dataset.name(), bars, dir.resolve("map.png"));
    ConfigResult best = results.stream().max(java.util.Comparator.comparingDouble(r -> r.means().get("mAP"))).orElseThrow();
    ContactSheet.write(sheetRows(best), dir.resolve("best.png"), SheetStyle.DEFAULT.withThumbnailSize(112));

    StringBuilder md = new StringBuilder();
    md.append("# Evaluation: ").append(dataset.name()).append("\n\n");
    md.append("Gallery ").append(dataset.gallery().size()).append(" images, ").append(dataset.queries().size())
        .append(" queries. Reproduce with:\n\n```bash\n").append(command).append("\n```\n\n");
    md.append(table()).append("\n* best in its column. Metrics are defined in docs/evaluation.md; chance is the ")
        .append("mean of ").append(Evaluator.CHANCE_SHUFFLES).append(" random rankings per query.\n\n");
    md.append("![precision-recall](pr.png)\n\n![mAP per configuration](map.png)\n\n");
    md.append("## Best configuration: ").append(best.config().name()).append("\n\n");
    md.append("A few queries (left, blue) and their top hits, green = relevant, red = not:\n\n![best](best.png)\n\n");
    List<List<?>> classRows = new ArrayList<>();
    best.perClass().forEach((label, m) -> {
      List<Object> row = new ArrayList<>(List.of(label.isEmpty() ? "(none)" : label));
      m.values().forEach(v -> row.add(v == Math.rint(v) && v >= 1 ? String.valueOf(v.intValue()) : fmt(v)));
      classRows.add(row);
    });
    if (!best.perClass().isEmpty()) {
      List<String> header = new ArrayList<>(List.of("class"));
      header.addAll(best.perClass().values().iterator().next().keySet());
      md.append("Per class:\n\n").append(Markdown.table(header, classRows)).append("\n");
    }
    if (!best.withoutRelevant().isEmpty()) {
      md.append("\n").append(best.withoutRelevant().size())
          .append(" queries have no relevant item and are not averaged: ")
          .append(String.join(", ", best.withoutRelevant().subList(0, Math.min(20, best.withoutRelevant().size()))))
          .append(best.withoutRelevant().size() > 20 ? ", ..." : "").append("\n");
    }
    Files.writeString(dir.resolve("report.md"), md.toString());
  }

  static List<SheetRow> sheetRows(ConfigResult r) {
    List<SheetRow> rows = new ArrayList<>();
    for (ConfigResult.Sample s : r.samples()) {
      List<SheetHit> hits = new ArrayList<>();
      for (int i = 0; i < s.hits().size(); i++) {
        Hit h = s.hits().get(i);
        hits.add(new SheetHit(Path.of(h.path()), i + 1, h.score(), labelOf(h.id()), s.relevant().get(i)));
      }
      rows.add(new SheetRow(s.query().file(), s.query().label().isEmpty() ? s.query().id() : s.query().label(), hits));
    }
    return rows;
  }

  /** A short caption for an id: its parent folder for {@code class/file} ids, else the id itself. */
  private static String labelOf(String id) {
    int slash = id.lastIndexOf('/');
    return slash > 0 ? id.substring(0, slash) : id;
  }

  static String fmt(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.4f", v);
  }
}
