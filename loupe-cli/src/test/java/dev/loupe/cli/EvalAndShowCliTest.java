package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.testing.SharedData;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `loupe eval`, `loupe show` and `loupe search --show` end to end on real data. */
class EvalAndShowCliTest {
  static final String MODELS = SharedData.models().toString();

  @Test
  void evalOfALabelledFolderWritesTableJsonAndReport(@TempDir Path tmp) throws Exception {
    // A small labelled folder of our own: 3 classes x 6 photos, evaluated leave-one-out.
    Path photos = tmp.resolve("photos");
    for (String cls : List.of("lotus", "laptop", "starfish")) {
      Path dir = Files.createDirectories(photos.resolve(cls));
      for (Path f : SharedData.filesUnder(SharedData.caltechTrain().resolve(cls)).subList(0, 6)) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    CliTest.Run text = CliTest.loupe("eval", photos.toString(), "-c", "mobilenetv2-tf2-ptq", "-c", "pixels-8/l2",
        "--models", MODELS, "--out", tmp.resolve("report").toString());
    assertEquals(0, text.code(), text.err());
    assertTrue(text.err().contains("photos (leave-one-out): 18 gallery images, 18 queries"), text.err());
    assertTrue(text.out().contains("| mobilenetv2-tf2-ptq"), text.out());
    assertTrue(text.out().contains("(chance)"), text.out());
    for (String f : List.of("report.md", "pr.png", "map.png", "best.png", "results.json", "results.csv")) {
      assertTrue(Files.exists(tmp.resolve("report").resolve(f)), f);
    }
    String md = Files.readString(tmp.resolve("report/report.md"));
    assertTrue(md.contains("loupe eval " + photos), "the report names the command that reproduces it");

    CliTest.Run json = CliTest.loupe("eval", photos.toString(), "-f", "json", "-k", "1,3", "--models", MODELS);
    JsonNode root = new ObjectMapper().readTree(json.out());
    JsonNode metrics = root.get("configurations").get(0).get("metrics");
    assertTrue(metrics.get("mAP").asDouble() > 0.6, metrics.toString());
    assertTrue(metrics.has("P@3") && metrics.has("R@3") && metrics.has("F1@3") && metrics.has("mAP@3"));
    assertEquals(3, root.get("configurations").get(0).get("perClass").size());
  }

  @Test
  void csvCatalogueNeedsALabel(@TempDir Path tmp) {
    CliTest.Run r = CliTest.loupe("eval", SharedData.data("fashion-dev/products.csv").toString(), "--models", MODELS);
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--label"), r.err());
    CliTest.Run bad = CliTest.loupe("eval", SharedData.caltechTrain().toString(), "-c", "pixels/hamming");
    assertEquals(2, bad.code(), bad.err());
  }

  @Test
  void searchShowAndShowDrawContactSheets(@TempDir Path tmp) throws Exception {
    Path index = tmp.resolve("idx");
    Path photos = Files.createDirectories(tmp.resolve("photos/lotus"));
    for (Path f : SharedData.filesUnder(SharedData.caltechTrain().resolve("lotus")).subList(0, 8)) {
      Files.copy(f, photos.resolve(f.getFileName()));
    }
    assertEquals(0, CliTest.loupe("index", "--model", "mobilenetv2-tf2-ptq",
        tmp.resolve("photos").toString(), "-i", index.toString(), "--models", MODELS).code());
    Path q = SharedData.caltechTest().resolve("lotus/image_0003.jpg");
    Path sheet = tmp.resolve("sheet.png");
    CliTest.Run r = CliTest.loupe("search", "-i", index.toString(), "-k", "4", "-f", "jsonl", "--show", sheet.toString(),
        "--truth", "folder", q.toString(), "--models", MODELS);
    assertEquals(0, r.code(), r.err());
    BufferedImage img = ImageIO.read(sheet.toFile());
    assertTrue(img.getWidth() > 4 * 160 && img.getHeight() > 160, img.getWidth() + "x" + img.getHeight());

    Path jsonl = tmp.resolve("hits.jsonl");
    Files.writeString(jsonl, r.out());
    Path shown = tmp.resolve("shown.png");
    CliTest.Run show = CliTest.loupe("show", jsonl.toString(), "-o", shown.toString(), "--truth", "folder");
    assertEquals(0, show.code(), show.err());
    BufferedImage again = ImageIO.read(shown.toFile());
    assertEquals(img.getWidth(), again.getWidth(), "the same results draw the same sheet");
    assertEquals(img.getHeight(), again.getHeight());
    Files.writeString(jsonl, "not json\n");
    assertEquals(2, CliTest.loupe("show", jsonl.toString(), "-o", shown.toString()).code());
  }
}
