package dev.loupe.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {

  @TempDir Path tmp;

  static List<Curve> curves() {
    double[] recall = new double[50];
    double[] p1 = new double[50];
    double[] p2 = new double[50];
    for (int i = 0; i < 50; i++) {
      recall[i] = (i + 1) / 50.0;
      p1[i] = 1.0 - 0.6 * recall[i] * recall[i];
      p2[i] = Math.max(0.05, 0.9 - 0.8 * recall[i]);
    }
    return List.of(new Curve("clip-vit-b32 / centred / 5 views", recall, p1),
        new Curve("pixel baseline", recall, p2));
  }

  static List<Bar> bars(boolean sameChance) {
    return List.of(
        new Bar("clip-vit-b32 / centred / 5 views / cosine", 0.812, 0.05),
        new Bar("clip-vit-b32 / raw / 1 view / cosine", 0.745, sameChance ? 0.05 : 0.08),
        new Bar("dinov2-small / centred / 5 views / cosine / with an extra long suffix to test shortening", 0.701,
            0.05),
        new Bar("pixel baseline", 0.121, 0.05));
  }

  @Test
  void precisionRecallChart() throws Exception {
    Path png = tmp.resolve("charts/pr.png");
    Charts.precisionRecall(curves(), "caltech20: precision-recall", png);
    assertNonTrivialChart(png);
    assertFalse(Files.exists(tmp.resolve("charts/pr.png.png")));
  }

  @Test
  void barChartWithOneChanceLevel() throws Exception {
    Path png = tmp.resolve("bars.png");
    Charts.barsWithChance("caltech20: mAP", bars(true), png);
    assertNonTrivialChart(png);
  }

  @Test
  void barChartWithChancePerConfiguration() throws Exception {
    Path png = tmp.resolve("bars2.png");
    Charts.barsWithChance("caltech20: mAP", bars(false), png);
    assertNonTrivialChart(png);
  }

  /** The file is a 900x600 PNG with a real drawing on it: many colours, a fair share of non-white pixels. */
  private static void assertNonTrivialChart(Path png) throws Exception {
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(Charts.WIDTH, img.getWidth());
    assertEquals(Charts.HEIGHT, img.getHeight());
    Set<Integer> colours = new HashSet<>();
    int ink = 0;
    int saturated = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y) & 0xFFFFFF;
        colours.add(rgb);
        if (rgb != 0xFFFFFF) ink++;
        int r = rgb >> 16 & 0xFF;
        int g = rgb >> 8 & 0xFF;
        int b = rgb & 0xFF;
        if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 80) saturated++;
      }
    }
    assertTrue(colours.size() > 30, "distinct colours: " + colours.size());
    assertTrue(ink > 0.02 * img.getWidth() * img.getHeight(), "non-white pixels: " + ink);
    assertTrue(saturated > 500, "coloured (series) pixels: " + saturated);
  }

  @Test
  void invalidInputIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new Curve("a", new double[] {0.1}, new double[] {0.1, 0.2}));
    assertThrows(IllegalArgumentException.class, () -> new Curve("a", new double[] {1.5}, new double[] {0.1}));
    assertThrows(IllegalArgumentException.class, () -> new Curve("a", new double[] {0.5}, new double[] {Double.NaN}));
    assertThrows(IllegalArgumentException.class, () -> new Bar("a", -1, 0.1));
    assertThrows(IllegalArgumentException.class,
        () -> Charts.precisionRecall(List.of(curves().get(0), curves().get(0)), "t", tmp.resolve("x.png")));
    assertThrows(IllegalArgumentException.class, () -> Charts.barsWithChance("t", List.of(), tmp.resolve("y.png")));
  }

  @Test
  void longNamesAreShortenedInTheMiddle() {
    String name = "dinov2-small / centred / 5 views / cosine / with an extra long suffix to test shortening";
    String s = Charts.shorten(name);
    assertEquals(Charts.MAX_NAME_CHARS, s.length());
    assertTrue(s.startsWith("dinov2-small"));
    assertTrue(s.endsWith("shortening"));
    assertEquals("short", Charts.shorten("short"));
  }
}
