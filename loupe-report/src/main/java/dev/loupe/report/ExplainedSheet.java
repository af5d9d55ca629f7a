package dev.loupe.report;

import dev.loupe.core.explain.ContributionGrid;
import dev.loupe.report.heatmap.HeatMapPainter;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * A {@link ContactSheet} with similarity heat maps over its thumbnails ({@code loupe search --show OUT.png
 * --explain}): the sheet exactly as {@link ContactSheet} draws it, each explained thumbnail tinted by {@link
 * HeatMapPainter}, and a legend band added under it. Drawn over the finished sheet, so the plain sheet's code and
 * layout are shared, not copied.
 */
public final class ExplainedSheet {
  private ExplainedSheet() {}

  /**
   * The heat maps of one row.
   *
   * @param query the query's regions against one hit, or null for none
   * @param hits per hit, in the row's order, its regions against the query; null entries (and hits beyond the
   *     list) stay plain
   */
  public record Overlays(ContributionGrid query, List<ContributionGrid> hits) {
    public Overlays {
      hits = java.util.Collections.unmodifiableList(new ArrayList<>(hits)); // null entries allowed
    }
  }

  public static void write(List<SheetRow> rows, List<Overlays> overlays, Path png, SheetStyle style)
      throws IOException {
    Objects.requireNonNull(png, "png");
    BufferedImage sheet = render(rows, overlays, style);
    Path parent = png.toAbsolutePath().getParent();
    if (parent != null) Files.createDirectories(parent);
    try (OutputStream out = Files.newOutputStream(png)) {
      if (!ImageIO.write(sheet, "png", out)) throw new IOException("no PNG writer installed");
    }
  }

  /** The sheet with its overlays and legend, in memory. */
  public static BufferedImage render(List<SheetRow> rows, List<Overlays> overlays, SheetStyle style)
      throws IOException {
    if (overlays.size() != rows.size()) {
      throw new IllegalArgumentException(rows.size() + " rows need as many overlays, got: " + overlays.size());
    }
    BufferedImage plain = ContactSheet.render(rows, style);
    SheetLayout layout = ContactSheet.layout(rows, style);
    int legendTop = plain.getHeight();
    BufferedImage sheet = new BufferedImage(plain.getWidth(),
        legendTop + HeatMapPainter.LEGEND_HEIGHT + style.padding(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = sheet.createGraphics();
    try {
      g.setColor(ContactSheet.BACKGROUND);
      g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
      g.drawImage(plain, 0, 0, null);
      HeatMapPainter.drawLegend(g, style.padding(), legendTop, sheet.getWidth() - 2 * style.padding(),
          style.fontSize());
    } finally {
      g.dispose();
    }
    List<Path> files = new ArrayList<>();
    for (SheetRow row : rows.subList(0, layout.rows())) {
      files.add(row.query());
      row.hits().stream().limit(ContactSheet.MAX_HITS).forEach(h -> files.add(h.image()));
    }
    // The same thumbnails the sheet drew (same decoder, same fit): their sizes place the pictures in their boxes.
    Map<Path, Thumbnail> thumbnails = Thumbnails.load(files, style.thumbnailSize());
    for (int r = 0; r < layout.rows(); r++) {
      SheetRow row = rows.get(r);
      Overlays o = overlays.get(r);
      if (o == null) continue;
      paint(sheet, layout, r, 0, thumbnails.get(row.query()), o.query());
      int hits = Math.min(Math.min(row.hits().size(), ContactSheet.MAX_HITS), o.hits().size());
      for (int i = 0; i < hits; i++) {
        paint(sheet, layout, r, i + 1, thumbnails.get(row.hits().get(i).image()), o.hits().get(i));
      }
    }
    return sheet;
  }

  private static void paint(BufferedImage sheet, SheetLayout layout, int r, int c, Thumbnail t, ContributionGrid grid) {
    if (grid == null || t == null || !t.readable()) return;
    int box = layout.style().thumbnailSize();
    BufferedImage img = t.image();
    int x = layout.boxX(c) + (box - img.getWidth()) / 2;
    int y = layout.boxY(r) + (box - img.getHeight()) / 2;
    HeatMapPainter.paint(sheet, x, y, img.getWidth(), img.getHeight(), grid);
  }
}
