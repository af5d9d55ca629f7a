package dev.loupe.bench.vectors;

import dev.loupe.report.Markdown;
import java.awt.BasicStroke;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;

/** The rows of a run as a Markdown table, a CSV file and a recall-QPS chart (one line per configuration). */
final class VectorReport {
  private static final double MB = 1024.0 * 1024.0;

  static {
    // As loupe-report's charts do: render without a display unless the application chose otherwise.
    if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
  }

  private VectorReport() {}

  static String markdown(List<VectorRow> rows, List<Integer> threads) {
    List<String> header = new ArrayList<>(List.of("library", "format", "build", "build s", "index MB", "search MB",
        "heap MB", "effort", "recall@10"));
    for (int t : threads) header.add("QPS " + t + " thr");
    header.addAll(List.of("p50 ms", "p99 ms"));
    List<List<?>> body = new ArrayList<>();
    for (VectorRow r : rows) body.add(cells(r, threads));
    return Markdown.table(header, body);
  }

  /**
   * Per configuration, its cheapest setting that reaches {@code recall} (the first, efforts rising), with its
   * search memory relative to Lucene's float format: the figures the default format is chosen by. Configurations
   * that never reach it are listed with their best recall.
   */
  static String atRecall(List<VectorRow> rows, double recall, List<Integer> threads) {
    long floatBytes = rows.stream().filter(r -> r.name().equals("lucene-float")).mapToLong(VectorRow::searchBytes)
        .findFirst().orElse(0);
    Map<String, VectorRow> chosen = new LinkedHashMap<>();
    Map<String, VectorRow> best = new LinkedHashMap<>();
    for (VectorRow r : rows) {
      best.merge(r.name(), r, (a, b) -> b.recall() > a.recall() ? b : a);
      if (r.recall() >= recall) chosen.putIfAbsent(r.name(), r);
    }
    List<String> header = new ArrayList<>(List.of("configuration", "effort", "recall@10"));
    for (int t : threads) header.add("QPS " + t + " thr");
    header.addAll(List.of("p50 ms", "search MB", "of float's"));
    List<List<?>> body = new ArrayList<>();
    for (Map.Entry<String, VectorRow> e : best.entrySet()) {
      VectorRow r = chosen.get(e.getKey());
      if (r == null) {
        List<String> c = new ArrayList<>(List.of(e.getKey(), "never", String.format(Locale.ROOT, "max %.3f", e.getValue().recall())));
        for (int ignored : threads) c.add("");
        c.addAll(List.of("", f1(e.getValue().searchBytes() / MB), ""));
        body.add(c);
        continue;
      }
      List<String> c = new ArrayList<>(List.of(r.name(), r.effortName() + "=" + r.effort(),
          String.format(Locale.ROOT, "%.3f", r.recall())));
      for (int t : threads) c.add(f1(r.qps().get(t)));
      c.add(String.format(Locale.ROOT, "%.2f", r.p50Ms()));
      c.add(f1(r.searchBytes() / MB));
      c.add(floatBytes == 0 ? "" : String.format(Locale.ROOT, "%.2f", r.searchBytes() / (double) floatBytes));
      body.add(c);
    }
    return Markdown.table(header, body);
  }

  private static List<String> cells(VectorRow r, List<Integer> threads) {
    List<String> c = new ArrayList<>(List.of(r.library(), r.format(), r.buildParams(), f1(r.buildSeconds()),
        f1(r.indexBytes() / MB), f1(r.searchBytes() / MB), f1(r.heapBytes() / MB), r.effortName() + "=" + r.effort(),
        String.format(Locale.ROOT, "%.3f", r.recall())));
    for (int t : threads) c.add(f1(r.qps().get(t)));
    c.add(String.format(Locale.ROOT, "%.2f", r.p50Ms()));
    c.add(String.format(Locale.ROOT, "%.2f", r.p99Ms()));
    return c;
  }

  static void csv(List<VectorRow> rows, List<Integer> threads, Path file) throws IOException {
    try (Writer w = Files.newBufferedWriter(file)) {
      StringBuilder h = new StringBuilder("name,library,format,build_params,build_s,index_bytes,search_bytes,heap_bytes,"
          + "effort_name,effort,recall_at_10");
      for (int t : threads) h.append(",qps_").append(t).append("_threads");
      w.write(h.append(",p50_ms,p99_ms\n").toString());
      for (VectorRow r : rows) {
        StringBuilder line = new StringBuilder();
        line.append(String.join(",", quote(r.name()), quote(r.library()), quote(r.format()), quote(r.buildParams()),
            num(r.buildSeconds()), Long.toString(r.indexBytes()), Long.toString(r.searchBytes()),
            Long.toString(r.heapBytes()), r.effortName(), Integer.toString(r.effort()), num(r.recall())));
        for (int t : threads) line.append(',').append(num(r.qps().get(t)));
        line.append(',').append(num(r.p50Ms())).append(',').append(num(r.p99Ms())).append('\n');
        w.write(line.toString());
      }
    }
  }

  /** Recall@10 on x, queries/s on the busiest thread count on a log y axis; one line per configuration. */
  static void chart(List<VectorRow> rows, int threads, String title, Path file) throws IOException {
    XYChart chart = new XYChartBuilder().width(1000).height(650).title(title)
        .xAxisTitle("recall@10").yAxisTitle("queries/s, " + threads + " thread" + (threads == 1 ? "" : "s")).build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    Map<String, List<VectorRow>> byName = new LinkedHashMap<>();
    for (VectorRow r : rows) byName.computeIfAbsent(r.name(), n -> new ArrayList<>()).add(r);
    for (Map.Entry<String, List<VectorRow>> e : byName.entrySet()) {
      double[] x = e.getValue().stream().mapToDouble(VectorRow::recall).toArray();
      double[] y = e.getValue().stream().mapToDouble(r -> r.qps().get(threads)).toArray();
      chart.addSeries(e.getKey(), x, y).setLineStyle(new BasicStroke(2f));
    }
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  private static String f1(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

  private static String quote(String s) {
    return "\"" + s.replace("\"", "\"\"") + "\"";
  }
}
