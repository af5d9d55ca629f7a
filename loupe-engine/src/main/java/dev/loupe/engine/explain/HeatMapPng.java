package dev.loupe.engine.explain;

import dev.loupe.core.explain.ContributionGrid;
import dev.loupe.core.image.RgbImage;
import dev.loupe.image.BufferedImages;
import dev.loupe.image.Interpolation;
import dev.loupe.image.Resize;
import dev.loupe.report.heatmap.HeatMapPainter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/** One side's heat map as a PNG: the picture fitted into a square (never enlarged) with its grid drawn over it. */
public final class HeatMapPng {
  private HeatMapPng() {}

  /**
   * @param picture the explained side's picture, as decoded
   * @param grid its contributions
   * @param box the side of the square the picture is fitted into, at least 1
   */
  public static byte[] render(RgbImage picture, ContributionGrid grid, int box) throws IOException {
    if (box < 1) throw new IllegalArgumentException("box must be at least 1, got: " + box);
    double scale = Math.min(1.0, Math.min((double) box / picture.width(), (double) box / picture.height()));
    int w = Math.max(1, (int) Math.round(picture.width() * scale));
    int h = Math.max(1, (int) Math.round(picture.height() * scale));
    RgbImage fitted = w == picture.width() && h == picture.height() ? picture
        : Resize.resize(picture, w, h, Interpolation.BILINEAR);
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    if (!ImageIO.write(HeatMapPainter.overlay(BufferedImages.toBufferedImage(fitted), grid), "png", png)) {
      throw new IOException("no PNG writer installed");
    }
    return png.toByteArray();
  }
}
