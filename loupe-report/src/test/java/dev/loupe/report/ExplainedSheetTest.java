package dev.loupe.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.explain.ContributionGrid;
import dev.loupe.core.explain.SeenRegion;
import dev.loupe.report.heatmap.CoolWarm;
import dev.loupe.report.heatmap.HeatMapPainter;
import dev.loupe.testing.SharedData;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Heat maps land on the right part of the right thumbnail: a grid whose only positive cell is its top-left one
 * turns that corner of the hit red, leaves the other corners nearly as they were, and greys what the crop cut.
 */
class ExplainedSheetTest {
  static final Path QUERY = SharedData.caltechTest().resolve("bonsai/image_0001.jpg");
  // 393 x 165, landscape: fitted into the 160 box as 160 x 67, letterboxed above and below.
  static final Path HIT = SharedData.caltechTest().resolve("airplanes/image_0003.jpg");

  @Test
  void theHotCellIsRedWhereItIsAndTheLegendIsAdded() throws Exception {
    List<SheetRow> rows = List.of(new SheetRow(QUERY, "q", List.of(SheetHit.unjudged(HIT, 1, 0.5f, "hit"))));
    double[] values = new double[4];
    Arrays.fill(values, 0);
    values[0] = 1; // row 0, column 0: the top-left quarter of the seen region
    // The seen region: the middle half of the width, the full height (as a centre crop of a wide photo).
    ContributionGrid grid = new ContributionGrid(2, 2, values, new SeenRegion(0.25, 0, 0.5, 1));
    SheetStyle style = SheetStyle.DEFAULT;
    BufferedImage plain = ContactSheet.render(rows, style);
    BufferedImage explained = ExplainedSheet.render(rows, List.of(new ExplainedSheet.Overlays(null, Arrays.asList(grid))), style);
    assertEquals(plain.getWidth(), explained.getWidth());
    assertEquals(plain.getHeight() + HeatMapPainter.LEGEND_HEIGHT + style.padding(), explained.getHeight());

    SheetLayout layout = ContactSheet.layout(rows, style);
    int box = style.thumbnailSize();
    int w = 160;
    int h = (int) Math.round(165 * 160.0 / 393);
    int x0 = layout.boxX(1) + (box - w) / 2;
    int y0 = layout.boxY(0) + (box - h) / 2;
    // Centre of the hot cell: x = 0.25 + 0.125 of the width, y = 0.25 of the height.
    int hx = x0 + (int) (0.375 * w);
    int hy = y0 + (int) (0.25 * h);
    assertTrue(redness(explained.getRGB(hx, hy)) > redness(plain.getRGB(hx, hy)) + 60,
        "hot cell tinted red: " + Integer.toHexString(explained.getRGB(hx, hy)));
    // Bottom-right seen cell (value 0): only the faint neutral tint.
    int cx = x0 + (int) (0.625 * w);
    int cy = y0 + (int) (0.75 * h);
    assertTrue(Math.abs(redness(explained.getRGB(cx, cy)) - redness(plain.getRGB(cx, cy))) < 40);
    // Left tenth of the picture: outside the crop, greyed (channels pulled together towards 0x80).
    int gx = x0 + (int) (0.1 * w);
    int gy = y0 + h / 2;
    assertTrue(spread(explained.getRGB(gx, gy)) <= spread(plain.getRGB(gx, gy)));
    // The query has no overlay: untouched.
    assertEquals(plain.getRGB(layout.boxX(0) + box / 2, layout.boxY(0) + box / 2),
        explained.getRGB(layout.boxX(0) + box / 2, layout.boxY(0) + box / 2));
  }

  @Test
  void coolWarmRunsBlueToRedThroughGrey() {
    assertTrue((CoolWarm.rgb(-1) & 0xFF) > (CoolWarm.rgb(-1) >> 16 & 0xFF), "negative is blue");
    assertTrue((CoolWarm.rgb(1) >> 16 & 0xFF) > (CoolWarm.rgb(1) & 0xFF), "positive is red");
    assertEquals(0xDDDDDD, CoolWarm.rgb(0));
  }

  private static int redness(int rgb) {
    return (rgb >> 16 & 0xFF) - (rgb & 0xFF);
  }

  private static int spread(int rgb) {
    int r = rgb >> 16 & 0xFF;
    int g = rgb >> 8 & 0xFF;
    int b = rgb & 0xFF;
    return Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b));
  }
}
