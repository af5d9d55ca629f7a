package dev.loupe.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * Contact sheets: one row per query, the query thumbnail first (blue frame, "QUERY" label) and then its hits, each
 * framed by correctness (green relevant, red irrelevant, grey unknown) with {@code #rank  score} and a caption
 * under it. This is what {@code loupe search --show OUT.png} and {@code loupe show} write.
 *
 * <p>Thumbnails are fitted into square boxes with the aspect ratio kept; the rest of the box is a light grey
 * letterbox, so the box shows the picture's true shape. Files that cannot be decoded become a grey "unreadable"
 * tile and the sheet is still written.
 *
 * <p>Limits, so that a careless call cannot allocate gigabytes: at most {@link #MAX_ROWS} queries and {@link
 * #MAX_HITS} hits per query are drawn (the first ones; a footer line says what was left out), and fewer rows when
 * the sheet would exceed {@link #MAX_PIXELS}. The caller decides k; these caps only stop accidents.
 */
public final class ContactSheet {
  static {
    Headless.ensure();
  }

  private ContactSheet() {}

  public static final int MAX_ROWS = 50;
  public static final int MAX_HITS = 20;
  /** 48 MP, 192 MB as an RGB image: the default style fits 50 rows of 1 + 20 thumbnails. */
  public static final long MAX_PIXELS = 48_000_000L;

  // Colours picked to be told apart at thumbnail scale, also by most colour-blind readers together with the
  // check/cross mark drawn next to the score.
  static final Color QUERY = new Color(0x1A66D1);
  static final Color RELEVANT = new Color(0x1E9E3A);
  static final Color IRRELEVANT = new Color(0xD6281E);
  static final Color UNKNOWN = new Color(0xA6A6A6);
  static final Color BACKGROUND = Color.WHITE;
  static final Color LETTERBOX = new Color(0xEDEDED);
  static final Color UNREADABLE = new Color(0xBDBDBD);
  static final Color DIVIDER = new Color(0xD0D0D0);
  static final Color TEXT = new Color(0x1A1A1A);
  static final Color SECONDARY_TEXT = new Color(0x505050);

  /** Renders the sheet and writes it as PNG, creating parent directories. */
  public static void write(List<SheetRow> rows, Path png, SheetStyle style) throws IOException {
    Objects.requireNonNull(png, "png");
    BufferedImage sheet = render(rows, style);
    Path parent = png.toAbsolutePath().getParent();
    if (parent != null) Files.createDirectories(parent);
    try (OutputStream out = Files.newOutputStream(png)) {
      if (!ImageIO.write(sheet, "png", out)) throw new IOException("no PNG writer installed");
    }
  }

  /** Renders the sheet in memory (RGB); {@link #write} is this plus the PNG encoding. */
  public static BufferedImage render(List<SheetRow> rows, SheetStyle style) throws IOException {
    Objects.requireNonNull(rows, "rows");
    Objects.requireNonNull(style, "style");
    if (rows.isEmpty()) throw new IllegalArgumentException("a contact sheet needs at least one row");
    SheetLayout layout = layout(rows, style);
    List<SheetRow> shown = rows.subList(0, layout.rows());
    List<Path> files = new ArrayList<>();
    for (SheetRow row : shown) {
      files.add(row.query());
      for (SheetHit hit : shownHits(row)) files.add(hit.image());
    }
    Map<Path, Thumbnail> thumbnails = Thumbnails.load(files, style.thumbnailSize());

    BufferedImage sheet = new BufferedImage(layout.width(), layout.height(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = sheet.createGraphics();
    try {
      // Greyscale antialiasing, not LCD subpixel: the PNG is viewed scaled and on any screen.
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.setColor(BACKGROUND);
      g.fillRect(0, 0, layout.width(), layout.height());
      Fonts fonts = new Fonts(style.fontSize());
      for (int r = 0; r < shown.size(); r++) {
        drawRow(g, layout, fonts, r, shown.get(r), thumbnails);
      }
      drawDivider(g, layout);
      if (layout.footer()) drawFooter(g, layout, fonts, rows);
    } finally {
      g.dispose();
    }
    return sheet;
  }

  static SheetLayout layout(List<SheetRow> rows, SheetStyle style) {
    int hitColumns = 0;
    boolean hitsCut = false;
    for (SheetRow row : rows.subList(0, Math.min(rows.size(), MAX_ROWS))) {
      hitColumns = Math.max(hitColumns, Math.min(row.hits().size(), MAX_HITS));
      hitsCut |= row.hits().size() > MAX_HITS;
    }
    int shownRows = Math.min(rows.size(), MAX_ROWS);
    SheetLayout probe = new SheetLayout(style, shownRows, hitColumns, hitsCut || shownRows < rows.size());
    while (shownRows > 1 && (long) probe.width() * probe.height() > MAX_PIXELS) {
      shownRows--;
      probe = new SheetLayout(style, shownRows, hitColumns, true);
    }
    return probe;
  }

  private static List<SheetHit> shownHits(SheetRow row) {
    return row.hits().subList(0, Math.min(row.hits().size(), MAX_HITS));
  }

  private static void drawRow(
      Graphics2D g, SheetLayout layout, Fonts fonts, int r, SheetRow row, Map<Path, Thumbnail> thumbnails) {
    drawCell(g, layout, r, 0, thumbnails.get(row.query()), QUERY, fonts);
    drawText(g, layout, fonts, r, 0, "QUERY", QUERY, null, null, captionOr(row.caption(), row.query()));
    List<SheetHit> hits = shownHits(row);
    for (int i = 0; i < hits.size(); i++) {
      SheetHit hit = hits.get(i);
      Color frame = frameColour(hit.relevant());
      drawCell(g, layout, r, i + 1, thumbnails.get(hit.image()), frame, fonts);
      String label = "#" + hit.rank() + "  " + String.format(Locale.ROOT, "%.3f", hit.score());
      drawText(g, layout, fonts, r, i + 1, label, TEXT, fonts.mark(hit.relevant()), frame,
          captionOr(hit.caption(), hit.image()));
    }
  }

  static Color frameColour(Boolean relevant) {
    if (relevant == null) return UNKNOWN;
    return relevant ? RELEVANT : IRRELEVANT;
  }

  private static String captionOr(String caption, Path file) {
    if (caption != null && !caption.isBlank()) return caption.strip().replaceAll("\\s+", " ");
    Path name = file.getFileName();
    return name == null ? file.toString() : name.toString();
  }

  /** The frame, the letterbox and the centred thumbnail (or the unreadable tile). */
  private static void drawCell(
      Graphics2D g, SheetLayout layout, int r, int c, Thumbnail thumbnail, Color frame, Fonts fonts) {
    int box = layout.style().thumbnailSize();
    g.setColor(frame);
    g.fillRect(layout.cellX(c), layout.cellY(r), layout.cellWidth(), layout.framedHeight());
    int bx = layout.boxX(c);
    int by = layout.boxY(r);
    if (thumbnail.readable()) {
      g.setColor(LETTERBOX);
      g.fillRect(bx, by, box, box);
      BufferedImage img = thumbnail.image();
      g.drawImage(img, bx + (box - img.getWidth()) / 2, by + (box - img.getHeight()) / 2, null);
    } else {
      g.setColor(UNREADABLE);
      g.fillRect(bx, by, box, box);
      g.setColor(TEXT);
      g.setFont(fonts.bold);
      FontMetrics fm = g.getFontMetrics();
      String title = "unreadable";
      g.drawString(title, bx + (box - fm.stringWidth(title)) / 2, by + box / 2);
      g.setFont(fonts.small);
      String reason = Text.fit(g.getFontMetrics(), thumbnail.problem(), box - 8);
      g.drawString(reason, bx + (box - g.getFontMetrics().stringWidth(reason)) / 2,
          by + box / 2 + g.getFontMetrics().getHeight() + 2);
    }
  }

  /** Two lines under a cell: the label (with an optional right-aligned mark) and the caption. */
  private static void drawText(Graphics2D g, SheetLayout layout, Fonts fonts, int r, int c, String label,
      Color labelColour, String mark, Color markColour, String caption) {
    int x = layout.cellX(c);
    int width = layout.cellWidth();
    int top = layout.cellY(r) + layout.framedHeight() + SheetLayout.TEXT_GAP;
    int lineHeight = layout.style().lineHeight();

    g.setFont(fonts.bold);
    FontMetrics fm = g.getFontMetrics();
    int markWidth = 0;
    if (mark != null) {
      markWidth = fm.stringWidth(mark) + 4;
      g.setColor(markColour);
      g.drawString(mark, x + width - fm.stringWidth(mark), Text.baseline(fm, top, lineHeight));
    }
    g.setColor(labelColour);
    g.drawString(Text.fit(fm, label, width - markWidth), x, Text.baseline(fm, top, lineHeight));

    g.setFont(fonts.plain);
    fm = g.getFontMetrics();
    g.setColor(SECONDARY_TEXT);
    g.drawString(Text.fit(fm, caption, width), x, Text.baseline(fm, top + lineHeight, lineHeight));
  }

  private static void drawDivider(Graphics2D g, SheetLayout layout) {
    if (layout.hitColumns() == 0) return;
    g.setColor(DIVIDER);
    g.setStroke(new BasicStroke(1f));
    int x = layout.dividerX();
    g.drawLine(x, layout.style().padding(), x, layout.cellY(layout.rows()) - layout.style().padding());
  }

  private static void drawFooter(Graphics2D g, SheetLayout layout, Fonts fonts, List<SheetRow> rows) {
    List<String> parts = new ArrayList<>();
    if (layout.rows() < rows.size()) parts.add("showing the first " + layout.rows() + " of " + rows.size() + " queries");
    int maxHits = rows.stream().mapToInt(r -> r.hits().size()).max().orElse(0);
    if (maxHits > MAX_HITS) parts.add("the first " + MAX_HITS + " hits of each (up to " + maxHits + " given)");
    g.setFont(fonts.plain);
    g.setColor(SECONDARY_TEXT);
    FontMetrics fm = g.getFontMetrics();
    g.drawString(Text.fit(fm, String.join("; ", parts), layout.width() - 2 * layout.style().padding()),
        layout.style().padding(), Text.baseline(fm, layout.footerY(), layout.style().lineHeight()));
  }

  /** The three fonts of a sheet, from the logical SansSerif family, which exists on every JDK. */
  private static final class Fonts {
    final Font plain;
    final Font bold;
    final Font small;

    Fonts(int size) {
      plain = new Font(Font.SANS_SERIF, Font.PLAIN, size);
      bold = new Font(Font.SANS_SERIF, Font.BOLD, size);
      small = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(8, size - 2));
    }

    /** A check or cross beside the score, so correctness does not rest on colour alone. */
    String mark(Boolean relevant) {
      if (relevant == null) return null;
      String glyph = relevant ? "\u2713" : "\u2717";
      if (bold.canDisplayUpTo(glyph) == -1) return glyph;
      return relevant ? "ok" : "wrong";
    }
  }
}
