package dev.loupe.report.heatmap;

import dev.loupe.core.explain.ContributionGrid;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * Draws a {@link ContributionGrid} over a picture: each pixel tinted with the {@link CoolWarm} colour of its
 * interpolated contribution, scaled by the grid's largest absolute cell (red = the region adding most to the
 * score, blue = regions pulling it down), more opaque where the contribution is stronger so weak regions keep
 * their picture visible. What the model never saw (outside its centre crop) is greyed out.
 */
public final class HeatMapPainter {
  /** Opacity of the weakest and the strongest tint. */
  static final double MIN_ALPHA = 0.15;
  static final double MAX_ALPHA = 0.65;
  /** How much grey covers the part of the picture outside the model's crop. */
  static final double UNSEEN_ALPHA = 0.7;
  static final int UNSEEN = 0x808080;
  /** Height of the legend {@link #drawLegend} draws, in pixels. */
  public static final int LEGEND_HEIGHT = 46;

  private HeatMapPainter() {}

  /**
   * Tints, in place, the {@code width x height} rectangle of {@code image} at ({@code x}, {@code y}) where the
   * picture the grid explains is drawn (the whole picture, at any size).
   */
  public static void paint(BufferedImage image, int x, int y, int width, int height, ContributionGrid grid) {
    Objects.requireNonNull(grid, "grid");
    double scale = grid.maxAbs();
    for (int py = 0; py < height; py++) {
      for (int px = 0; px < width; px++) {
        int ix = x + px;
        int iy = y + py;
        if (ix < 0 || iy < 0 || ix >= image.getWidth() || iy >= image.getHeight()) continue;
        double v = grid.sample((px + 0.5) / width, (py + 0.5) / height);
        int tint;
        double alpha;
        if (Double.isNaN(v)) {
          tint = UNSEEN;
          alpha = UNSEEN_ALPHA;
        } else {
          double t = scale == 0 ? 0 : v / scale;
          tint = CoolWarm.rgb(t);
          alpha = MIN_ALPHA + (MAX_ALPHA - MIN_ALPHA) * Math.abs(t);
        }
        image.setRGB(ix, iy, blend(image.getRGB(ix, iy), tint, alpha));
      }
    }
  }

  /** A copy of {@code picture} with the grid drawn over it (the server's PNG). */
  public static BufferedImage overlay(BufferedImage picture, ContributionGrid grid) {
    BufferedImage out = new BufferedImage(picture.getWidth(), picture.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.drawImage(picture, 0, 0, null);
    } finally {
      g.dispose();
    }
    paint(out, 0, 0, out.getWidth(), out.getHeight(), grid);
    return out;
  }

  /**
   * The legend: a colour bar from "against the match" (blue) through 0 to "for the match" (red), and the grey of
   * what the model did not see, in a {@code width x LEGEND_HEIGHT} band at ({@code x}, {@code y}).
   */
  public static void drawLegend(Graphics2D g, int x, int y, int width, int fontSize) {
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    Font font = new Font(Font.SANS_SERIF, Font.PLAIN, fontSize);
    g.setFont(font);
    FontMetrics fm = g.getFontMetrics();
    int barWidth = Math.max(120, Math.min(360, width / 3));
    int barHeight = 14;
    for (int i = 0; i < barWidth; i++) {
      g.setColor(new Color(CoolWarm.rgb(2.0 * i / (barWidth - 1) - 1)));
      g.fillRect(x + i, y, 1, barHeight);
    }
    int textY = y + barHeight + fm.getAscent() + 2;
    g.setColor(new Color(0x1A1A1A));
    g.drawString("against the match", x, textY);
    String zero = "0";
    g.drawString(zero, x + barWidth / 2 - fm.stringWidth(zero) / 2, textY);
    String plus = "for the match";
    g.drawString(plus, x + barWidth - fm.stringWidth(plus), textY);
    int gx = x + barWidth + 24;
    g.setColor(new Color(UNSEEN));
    g.fillRect(gx, y, barHeight, barHeight);
    g.setColor(new Color(0x1A1A1A));
    g.drawString("not seen by the model (outside its centre crop)", gx + barHeight + 6, y + fm.getAscent());
    g.setColor(new Color(0x505050));
    g.drawString("each picture scaled to its own strongest cell; query: its regions against the top hit", gx,
        textY);
  }

  private static int blend(int under, int over, double alpha) {
    int r = mix(under >> 16 & 0xFF, over >> 16 & 0xFF, alpha);
    int gr = mix(under >> 8 & 0xFF, over >> 8 & 0xFF, alpha);
    int b = mix(under & 0xFF, over & 0xFF, alpha);
    return r << 16 | gr << 8 | b;
  }

  private static int mix(int a, int b, double alpha) {
    return (int) Math.round(a * (1 - alpha) + b * alpha);
  }
}
