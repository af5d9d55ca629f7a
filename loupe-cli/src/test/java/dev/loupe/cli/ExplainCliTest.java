package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.report.heatmap.HeatMapPainter;
import dev.loupe.testing.SharedData;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code loupe search --show OUT.png --explain} end to end on real photos and the real model. */
class ExplainCliTest {
  static final String MODELS = SharedData.models().toString();

  @Test
  void explainDrawsHeatMapsAndALegendAndNamesAMissingFile(@TempDir Path tmp) throws Exception {
    Path index = tmp.resolve("idx");
    Path photos = Files.createDirectories(tmp.resolve("photos/lotus"));
    for (Path f : SharedData.filesUnder(SharedData.caltechTrain().resolve("lotus")).subList(0, 6)) {
      Files.copy(f, photos.resolve(f.getFileName()));
    }
    assertEquals(0, CliTest.loupe("index", "--model", "mobilenetv2-tf2-ptq", tmp.resolve("photos").toString(),
        "-i", index.toString(), "--models", MODELS).code());
    String q = SharedData.caltechTest().resolve("lotus/image_0003.jpg").toString();
    Path plain = tmp.resolve("plain.png");
    Path explained = tmp.resolve("explained.png");
    CliTest.Run p = CliTest.loupe("search", "-i", index.toString(), "-k", "3", "--show", plain.toString(), q,
        "--models", MODELS);
    assertEquals(0, p.code(), p.err());
    CliTest.Run e = CliTest.loupe("search", "-i", index.toString(), "-k", "3", "--show", explained.toString(),
        "--explain", q, "--models", MODELS);
    assertEquals(0, e.code(), e.err());
    assertEquals(p.out(), e.out(), "--explain changes the sheet, not the results");
    BufferedImage a = ImageIO.read(plain.toFile());
    BufferedImage b = ImageIO.read(explained.toFile());
    assertEquals(a.getWidth(), b.getWidth());
    assertEquals(a.getHeight() + HeatMapPainter.LEGEND_HEIGHT + 12, b.getHeight(), "the legend band under the sheet");
    int changed = 0;
    for (int y = 0; y < a.getHeight(); y += 2) {
      for (int x = 0; x < a.getWidth(); x += 2) if (a.getRGB(x, y) != b.getRGB(x, y)) changed++;
    }
    // Four thumbnails of up to 160 x 160, sampled every other pixel: thousands of tinted pixels.
    assertTrue(changed > 4000, "tinted pixels: " + changed);

    CliTest.Run noShow = CliTest.loupe("search", "-i", index.toString(), "--explain", q, "--models", MODELS);
    assertEquals(2, noShow.code(), noShow.err());
    assertTrue(noShow.err().contains("--show"), noShow.err());
    CliTest.Run l2 = CliTest.loupe("search", "-i", index.toString(), "--show", plain.toString(), "--explain",
        "--metric", "l2", q, "--models", MODELS);
    assertEquals(2, l2.code(), l2.err());
    assertTrue(l2.err().contains("--metric l2"), l2.err());

    // A hit whose file is gone: named on stderr, the sheet still drawn, exit 1.
    Path gone = SharedData.filesUnder(photos).get(0);
    CliTest.Run top = CliTest.loupe("search", "-i", index.toString(), "-k", "6", "-f", "jsonl", q, "--models", MODELS);
    assertTrue(top.out().contains(gone.getFileName().toString()));
    Files.delete(gone);
    Path partly = tmp.resolve("partly.png");
    CliTest.Run missing = CliTest.loupe("search", "-i", index.toString(), "-k", "6", "--show", partly.toString(),
        "--explain", q, "--models", MODELS);
    assertEquals(1, missing.code(), missing.err());
    assertTrue(missing.err().contains(gone.getFileName().toString()) && missing.err().contains("missing"), missing.err());
    assertTrue(Files.isRegularFile(partly));
  }

  @Test
  void aModelWithoutFeatureMapIsOneLine(@TempDir Path tmp) throws Exception {
    Path index = tmp.resolve("idx");
    Path photos = Files.createDirectories(tmp.resolve("photos"));
    for (Path f : SharedData.filesUnder(SharedData.caltechTrain().resolve("lotus")).subList(0, 3)) {
      Files.copy(f, photos.resolve(f.getFileName()));
    }
    assertEquals(0, CliTest.loupe("index", "--model", "pixels-16", "--metric", "cosine", photos.toString(),
        "-i", index.toString()).code());
    CliTest.Run r = CliTest.loupe("search", "-i", index.toString(), "--show", tmp.resolve("s.png").toString(),
        "--explain", SharedData.filesUnder(photos).get(0).toString());
    assertEquals(1, r.code(), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("no spatial feature map"), r.err());
    assertNotEquals(true, Files.exists(tmp.resolve("s.png")), "no sheet without heat maps when they were asked for");
  }
}
