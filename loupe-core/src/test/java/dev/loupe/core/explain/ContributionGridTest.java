package dev.loupe.core.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The geometry of a heat map: which part of the image the model saw, and the grid sampled over it. */
class ContributionGridTest {

  /**
   * 300 x 200, shorter side to 256: 384 x 256 (256 * 300 / 200), centre crop 224 starts at rint(160 / 2) = 80 and
   * rint(32 / 2) = 16: x 80/384, y 16/256, 224/384 wide, 224/256 high.
   */
  @Test
  void centreCropOfALandscapePhoto() {
    SeenRegion r = SeenRegion.centreCrop(300, 200, 256, 224);
    assertEquals(80.0 / 384, r.x(), 1e-12);
    assertEquals(16.0 / 256, r.y(), 1e-12);
    assertEquals(224.0 / 384, r.width(), 1e-12);
    assertEquals(224.0 / 256, r.height(), 1e-12);
    SeenRegion portrait = SeenRegion.centreCrop(200, 300, 256, 224);
    assertEquals(r.x(), portrait.y(), 1e-12, "a portrait is the landscape transposed");
    assertThrows(IllegalArgumentException.class, () -> SeenRegion.centreCrop(0, 10, 256, 224));
  }

  /** A 2 x 2 grid over the whole image: cell centres at 1/4 and 3/4 read their own values; the middle averages. */
  @Test
  void bilinearBetweenCellCentresAndNothingOutsideTheCrop() {
    ContributionGrid g = new ContributionGrid(2, 2, new double[] {0, 1, 2, 3}, SeenRegion.WHOLE);
    assertEquals(0, g.sample(0.25, 0.25), 1e-12);
    assertEquals(1, g.sample(0.75, 0.25), 1e-12, "column 1 of row 0: x is the column");
    assertEquals(2, g.sample(0.25, 0.75), 1e-12, "row 1 of column 0: y is the row");
    assertEquals(1.5, g.sample(0.5, 0.5), 1e-12, "(0 + 1 + 2 + 3) / 4");
    assertEquals(0, g.sample(0.0, 0.0), 1e-12, "clamped at the edge");
    assertEquals(3, g.argmax());
    assertEquals(6, g.sum(), 1e-12);
    ContributionGrid cropped = new ContributionGrid(2, 2, new double[] {0, 1, 2, 3}, new SeenRegion(0.25, 0, 0.5, 1));
    assertTrue(Double.isNaN(cropped.sample(0.1, 0.5)), "left of the crop: not seen");
    assertEquals(new SeenRegion(0.5, 0.5, 0.25, 0.5), cropped.cell(3));
  }
}
