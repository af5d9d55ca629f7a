package dev.loupe.image;

import dev.loupe.core.image.RgbImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Overlapping crops of a query for partial-photo matching ({@code --crops N}): each crop is searched and the
 * engine keeps each item's best score, so a query that shows the indexed image plus unrelated surroundings (or
 * only part of it) still has a crop dominated by the shared content.
 *
 * <p>Exactly: crops are {@code round(0.6 W) x round(0.6 H)} (at least 1 pixel), so they keep the query's aspect
 * ratio up to rounding and are never stretched; they sit on a 3x3 grid whose columns start at {@code 0},
 * {@code round((W - w) / 2)} and {@code W - w} (rows likewise), so neighbours overlap by two thirds of a crop and
 * the outer crops touch the image edges. The canonical order, of which {@code crops(src, n)} returns the first n
 * (1 &le; n &le; 10):
 *
 * <pre>
 *   0        the whole image            (n = 1: just the query)
 *   1..4     corners: TL, TR, BL, BR    (n = 5: whole + 4 overlapping quadrant-like crops)
 *   5..8     edge centres: T, L, R, B   (n = 9: whole + the 3x3 grid without its centre)
 *   9        the centre crop            (n = 10: whole + the full 3x3 grid)
 * </pre>
 *
 * Other n in 1..10 are prefixes of the same order (lop-sided; 1, 5, 9 and 10 are the symmetric choices). Prefixes
 * mean a larger n only adds crops. The crop side is one fixed fraction for all levels so that every crop shows
 * the same scale of detail.
 */
public final class MultiCrop {
  private MultiCrop() {}

  /** The largest supported number of crops. */
  public static final int MAX_CROPS = 10;

  /** Crop side as a fraction of the query's side (so each crop covers 36% of the area). */
  public static final double SIDE_FRACTION = 0.6;

  // Grid positions (column, row) in canonical order after the whole image: 0 = start, 1 = middle, 2 = end.
  private static final int[][] GRID = {
      {0, 0}, {2, 0}, {0, 2}, {2, 2}, // corners
      {1, 0}, {0, 1}, {2, 1}, {1, 2}, // edge centres
      {1, 1} // centre
  };

  /** Whether {@link #crops} accepts {@code n}. */
  public static boolean isValidCount(int n) {
    return n >= 1 && n <= MAX_CROPS;
  }

  /** The regions of the first {@code n} crops of a {@code width x height} query, in canonical order. */
  public static List<CropRegion> regions(int width, int height, int n) {
    if (width < 1 || height < 1) throw new IllegalArgumentException("size must be positive, got: " + width + "x" + height);
    if (!isValidCount(n)) {
      throw new IllegalArgumentException("number of crops must be in 1.." + MAX_CROPS
          + " (1 = whole image, 5 = + 4 corners, 9 = + 4 edge centres, 10 = + centre), got: " + n);
    }
    int w = (int) Math.max(1, Math.round(width * SIDE_FRACTION));
    int h = (int) Math.max(1, Math.round(height * SIDE_FRACTION));
    int[] xs = {0, (int) Math.round((width - w) / 2.0), width - w};
    int[] ys = {0, (int) Math.round((height - h) / 2.0), height - h};
    List<CropRegion> out = new ArrayList<>(n);
    out.add(new CropRegion(0, 0, width, height));
    for (int i = 0; i < n - 1; i++) out.add(new CropRegion(xs[GRID[i][0]], ys[GRID[i][1]], w, h));
    return List.copyOf(out);
  }

  /** The first {@code n} crops of {@code src} (see the class comment); the first is {@code src} itself. */
  public static List<RgbImage> crops(RgbImage src, int n) {
    Objects.requireNonNull(src, "src");
    List<CropRegion> regions = regions(src.width(), src.height(), n);
    List<RgbImage> out = new ArrayList<>(n);
    out.add(src);
    for (int i = 1; i < regions.size(); i++) out.add(Augment.crop(src, regions.get(i)));
    return List.copyOf(out);
  }
}
