package dev.loupe.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HorizontalBarChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.IChart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Evaluation charts as PNG files, drawn with XChart. Every chart is {@link #WIDTH} x {@link #HEIGHT} pixels, so
 * reports look the same from run to run and side-by-side comparisons line up.
 */
public final class Charts {
  static {
    Headless.ensure();
  }

  private Charts() {}

  public static final int WIDTH = 900;
  public static final int HEIGHT = 600;

  /** Longer configuration names are shortened in the middle, keeping both the model and the variant visible. */
  static final int MAX_NAME_CHARS = 48;

  // Curves with more points than this are drawn as plain lines; markers would merge into a thick smear.
  private static final int MARKER_LIMIT = 30;

  // XChart's label position along the bar: above 1 puts the value just past the bar's end, outside it, where the
  // chance line does not cross it and a short bar still has room for it.
  private static final double LABEL_POSITION = 1.1;
  // The largest value whose label still fits on a 0..1 axis (the label is about 8 % of the plot width).
  private static final double LABEL_ROOM = 0.88;
  private static final Color GRID = new Color(0xE0E0E0);
  private static final Color BAR = new Color(0x3A78C8);
  private static final Color CHANCE = new Color(0x9A9A9A);
  private static final Color CHANCE_LINE = new Color(0x333333);

  /**
   * All {@code curves} on one precision-recall chart: recall on x, precision on y, both axes fixed to 0..1 so
   * charts of different runs compare by eye, one coloured line per configuration and a legend naming them.
   */
  public static void precisionRecall(List<Curve> curves, String title, Path png) throws IOException {
    Objects.requireNonNull(curves, "curves");
    Objects.requireNonNull(png, "png");
    if (curves.isEmpty()) throw new IllegalArgumentException("no curves to draw");
    requireUnique(curves.stream().map(Curve::name).toList());

    XYChart chart = new XYChart(WIDTH, HEIGHT);
    chart.setTitle(title == null ? "" : title);
    chart.setXAxisTitle("Recall");
    chart.setYAxisTitle("Precision");
    AxesChartStyler s = chart.getStyler();
    styleAxes(s, title);
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Line);
    s.setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
    s.setXAxisDecimalPattern("0.0").setYAxisDecimalPattern("0.0");
    // Precision-recall curves fall from the top left to the right: the bottom left corner is the emptiest.
    s.setLegendPosition(LegendPosition.InsideSW);
    for (Curve c : curves) {
      XYSeries series = chart.addSeries(shorten(c.name()), c.recall(), c.precision());
      series.setLineWidth(2.5f);
      if (c.size() > MARKER_LIMIT) series.setMarker(SeriesMarkers.NONE);
    }
    save(chart, png);
  }

  /**
   * One horizontal bar per configuration (e.g. its mAP), with the value printed at the bar's end and the chance
   * level marked. Horizontal so that long configuration names read left to right beside their bars; bars are in
   * the given order from the top.
   *
   * <p>Chance: when every bar has the same chance level (the usual case: all configurations evaluated on one
   * dataset) it is a single dashed vertical line, explained in the axis title. When the levels differ, each
   * configuration gets a second, grey "chance" bar next to its own.
   *
   * <p>Values in 0..1 get a 0..1 axis (a little more when a bar nearly reaches 1, for its label); larger values an
   * automatic one. Meant for up to about 20 bars; more still draw, with smaller names.
   */
  public static void barsWithChance(String title, List<Bar> bars, Path png) throws IOException {
    Objects.requireNonNull(bars, "bars");
    Objects.requireNonNull(png, "png");
    if (bars.isEmpty()) throw new IllegalArgumentException("no bars to draw");
    requireUnique(bars.stream().map(Bar::name).toList());

    List<String> names = bars.stream().map(b -> shorten(b.name())).toList();
    if (new HashSet<>(names).size() != names.size()) names = bars.stream().map(Bar::name).toList();
    List<Double> values = bars.stream().map(Bar::value).toList();
    List<Double> chances = bars.stream().map(Bar::chance).toList();
    double chance = bars.get(0).chance();
    boolean oneChance = bars.stream().allMatch(b -> b.chance() == chance);

    HorizontalBarChart chart = new HorizontalBarChart(WIDTH, HEIGHT);
    chart.setTitle(title == null ? "" : title);
    var s = chart.getStyler();
    styleAxes(s, title);
    s.setPlotGridHorizontalLinesVisible(false);
    s.setLabelsVisible(true);
    s.setDecimalPattern("0.000");
    s.setLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    s.setLabelsPosition(LABEL_POSITION);
    s.setAvailableSpaceFill(0.7);
    s.setXAxisMin(0.0);
    double top = Math.max(bars.stream().mapToDouble(Bar::value).max().orElse(0),
        bars.stream().mapToDouble(Bar::chance).max().orElse(0));
    // Scores in 0..1 (mAP, recall@k) get the full 0..1 axis, so bar lengths compare across charts; bars close to
    // 1 get some room past it, or their value label would be cut off at the plot's edge.
    if (top <= 1.0) s.setXAxisMax(top > LABEL_ROOM ? 1.0 + (1.0 - LABEL_ROOM) : 1.0);
    // XChart uses the x spacing hint for both axes of a horizontal bar chart: on the value axis, wide spacing keeps
    // the three-decimal ticks apart; on the category axis, names closer than the hint are left out. Every bar must
    // keep its name, so the hint shrinks when there are many bars.
    // A low estimate of the pixels per bar (title, axis, legend and XChart's plot margins taken off).
    int band = (HEIGHT - 220) / bars.size();
    s.setXAxisTickMarkSpacingHint(Math.min(110, band));
    // Past ~20 bars the names get smaller to stay apart; past ~40 they touch: split such charts.
    s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(9, Math.min(13, band - 5))));
    // XChart formats both the bar labels and the ticks with this pattern (a separate tick formatting function
    // would also take over the labels); three decimals is what the values need.
    s.setXAxisDecimalPattern("0.000");
    s.setYAxisLabelAlignment(AxesChartStyler.TextAlignment.Right);
    chart.addSeries("score", values, names).setFillColor(BAR);
    if (oneChance) {
      s.setLegendVisible(false);
      chart.setXAxisTitle("dashed line: chance level " + format(chance));
      AnnotationLine line = new AnnotationLine(chance, true, false);
      chart.addAnnotation(line);
      s.setAnnotationLineColor(CHANCE_LINE);
      s.setAnnotationLineStroke(
          new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
    } else {
      chart.setXAxisTitle("grey: chance level of each configuration");
      chart.addSeries("chance", chances, names).setFillColor(CHANCE);
      // Below the plot: inside it the legend would cover the longest bars.
      s.setLegendPosition(LegendPosition.OutsideS);
      s.setLegendLayout(LegendLayout.Horizontal);
    }
    save(chart, png);
  }

  /** White backgrounds, light grid, readable fonts: charts end up in documents and slides. */
  private static void styleAxes(AxesChartStyler s, String title) {
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setPlotBorderVisible(true);
    s.setPlotBorderColor(new Color(0x999999));
    s.setPlotGridLinesColor(GRID);
    s.setPlotGridLinesStroke(new BasicStroke(1f));
    s.setChartTitleVisible(title != null && !title.isBlank());
    s.setChartTitleBoxVisible(false);
    s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    s.setLegendBorderColor(new Color(0xBBBBBB));
    s.setChartPadding(12);
    s.setAntiAlias(true);
    s.setTextAntiAlias(true);
    s.setLocale(Locale.ROOT); // decimal point, whatever the machine's locale
  }

  private static void save(IChart chart, Path png) throws IOException {
    Path parent = png.toAbsolutePath().getParent();
    if (parent != null) Files.createDirectories(parent);
    // Through a stream: saveBitmap(String) appends ".png" to names that lack it, which would move the file.
    try (OutputStream out = Files.newOutputStream(png)) {
      BitmapEncoder.saveBitmap(chart, out, BitmapFormat.PNG);
    }
  }

  static String shorten(String name) {
    if (name.length() <= MAX_NAME_CHARS) return name;
    int keep = MAX_NAME_CHARS - 1;
    int head = (keep + 1) / 2;
    return name.substring(0, head) + Text.ELLIPSIS + name.substring(name.length() - (keep - head));
  }

  private static String format(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  private static void requireUnique(List<String> names) {
    Set<String> seen = new HashSet<>();
    for (String n : names) {
      if (!seen.add(n)) throw new IllegalArgumentException("duplicate configuration name: " + n);
    }
  }
}
