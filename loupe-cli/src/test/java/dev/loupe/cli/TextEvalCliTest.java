package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.testing.ClipFixture;
import dev.loupe.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loupe eval --text-column} on hand-made caption data with the fixture CLIP pair (random weights: the
 * numbers' shape and chance values are checked, never their quality).
 */
class TextEvalCliTest {
  @TempDir Path tmp;

  private Path captions() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("data/images"));
    StringBuilder csv = new StringBuilder("image,caption\n");
    int n = 0;
    for (String p : List.of("lotus/image_0001.jpg", "airplanes/image_0001.jpg", "watch/image_0001.jpg", "starfish/image_0002.jpg")) {
      String name = p.replace('/', '_');
      Files.copy(SharedData.caltechTrain().resolve(p), dir.resolve(name));
      csv.append("images/").append(name).append(",a photo of a ").append(p, 0, p.indexOf('/')).append('\n');
      csv.append("images/").append(name).append(",\"a ").append(p, 0, p.indexOf('/')).append(", seen up close\"\n");
      n++;
    }
    csv.append("images/").append("lotus_image_0001.jpg").append(",\n"); // a row without a caption
    return Files.writeString(tmp.resolve("data/captions.csv"), csv.toString());
  }

  @Test
  void textToImageAndImageToTextWithChance() throws Exception {
    Path models = ClipFixture.writeSpecs(tmp.resolve("models"));
    CliTest.Run r = CliTest.loupe("eval", captions().toString(), "--text-column", "caption", "-c", ClipFixture.IMAGE,
        "--models", models.toString(), "--models", SharedData.models().toString(), "-k", "1,2", "--format", "json");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("4 images, 8 texts (1 rows without a text)"), r.err());
    JsonNode results = new ObjectMapper().readTree(r.out()).get("results").get(ClipFixture.IMAGE);
    assertEquals(2, results.size());
    JsonNode t2i = results.get(0);
    assertEquals("text→image", t2i.get("direction").asText());
    assertEquals(8, t2i.get("queries").asInt());
    assertEquals(4, t2i.get("targets").asInt());
    assertEquals(0.25, t2i.get("chance").get("1").asDouble(), 1e-12, "one image of four");
    assertEquals(0.5, t2i.get("chance").get("2").asDouble(), 1e-12);
    JsonNode i2t = results.get(1);
    assertEquals("image→text", i2t.get("direction").asText());
    assertEquals(4, i2t.get("queries").asInt());
    assertEquals(8, i2t.get("targets").asInt());
    assertEquals(2 / 8.0, i2t.get("chance").get("1").asDouble(), 1e-12, "two captions of eight");
    assertEquals(1 - (6 / 8.0) * (5 / 7.0), i2t.get("chance").get("2").asDouble(), 1e-12);
    for (JsonNode d : results) {
      double r1 = d.get("recall").get("1").asDouble();
      assertTrue(r1 >= 0 && r1 <= d.get("recall").get("2").asDouble() && d.get("recall").get("2").asDouble() <= 1, d.toString());
      assertTrue(d.get("medianRank").asDouble() >= 1 && d.get("medianRank").asDouble() <= d.get("targets").asInt(), d.toString());
    }
    CliTest.Run table = CliTest.loupe("eval", tmp.resolve("data/captions.csv").toString(), "--text-column", "caption", "-c",
        ClipFixture.IMAGE, "--models", models.toString(), "--models", SharedData.models().toString());
    assertEquals(0, table.code(), table.err());
    assertTrue(table.out().lines().anyMatch(l -> l.startsWith(ClipFixture.IMAGE) && l.contains("image→text")), table.out());
  }

  @Test
  void aMissingTextColumnIsNamedWithItsFile() throws Exception {
    Path csv = captions();
    CliTest.Run r = CliTest.loupe("eval", csv.toString(), "--text-column", "title", "-c", ClipFixture.IMAGE,
        "--models", ClipFixture.writeSpecs(tmp.resolve("models")).toString(), "--models", SharedData.models().toString());
    assertEquals(1, r.code(), r.err());
    assertEquals("loupe: error: " + csv + ": no text in column 'title' (no such column, or it is empty in every row);"
        + " name the text column with --text-column", r.err().lines().reduce((a, b) -> b).orElseThrow());
  }

  @Test
  void aModelWithoutTextTowerSaysSo() throws Exception {
    CliTest.Run r = CliTest.loupe("eval", captions().toString(), "--text-column", "caption", "-c", "mobilenetv2-tf2-ptq",
        "--models", SharedData.models().toString());
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().lines().reduce((a, b) -> b).orElseThrow().contains("has no text tower"), r.err());
  }

  @Test
  void trainedTowersAreMeasuredOnImagesTheyNeverSaw() throws Exception {
    CliTest.Run r = CliTest.loupe("eval", SharedData.data("coco-captions-dev/captions.csv").toString(), "--text-column",
        "caption", "--train-text", "tfidf:ridge,tfidf:contrastive", "--format", "json", "--models",
        SharedData.models().toString());
    assertEquals(0, r.code(), r.err());
    // 80 photos × 5 captions: 64 photos (320 captions) train, the other 16 photos and their 80 captions are measured.
    assertTrue(r.err().contains("mobilenetv2-tf2-ptq + tfidf:ridge: trained on 64 images (320 texts; ridge, lambda "), r.err());
    assertTrue(r.err().contains("mobilenetv2-tf2-ptq + tfidf:contrastive: trained on 64 images (320 texts; contrastive"),
        r.err());
    JsonNode results = new ObjectMapper().readTree(r.out()).get("results");
    for (String tower : List.of("mobilenetv2-tf2-ptq + tfidf:ridge", "mobilenetv2-tf2-ptq + tfidf:contrastive")) {
      JsonNode textToImage = results.get(tower).get(0);
      assertEquals(80, textToImage.get("queries").asInt());
      assertEquals(16, textToImage.get("targets").asInt());
      // Measured (seed 42): caption → image R@1 0.26 (ridge) and 0.24 (contrastive) against chance 0.0625.
      assertTrue(textToImage.get("recall").get("1").asDouble() > 2.5 * textToImage.get("chance").get("1").asDouble(),
          tower + " " + textToImage);
      assertTrue(textToImage.get("medianRank").asDouble() < textToImage.get("chanceMedianRank").asDouble(), tower);
    }
  }

  @Test
  void trainedTowerOptionsAreChecked() throws Exception {
    String csv = SharedData.data("coco-captions-dev/captions.csv").toString();
    CliTest.Run base = CliTest.loupe("eval", csv, "--text-column", "caption", "--train-text", "bert");
    assertEquals(2, base.code());
    assertTrue(base.err().contains("unknown text base 'bert'; choose one of tfidf, minilm"), base.err());
    CliTest.Run share = CliTest.loupe("eval", csv, "--text-column", "caption", "--train-text", "tfidf", "--train", "0.3");
    assertEquals(2, share.code());
    assertTrue(share.err().contains("--train must be between 0.5 and 0.95, got: 0.3"), share.err());
    CliTest.Run alone = CliTest.loupe("eval", csv, "--train-text", "tfidf", "--label", "image");
    assertEquals(2, alone.code());
    assertTrue(alone.err().contains("--train-text and --group need --text-column"), alone.err());
    CliTest.Run group = CliTest.loupe("eval", csv, "--text-column", "caption", "--group", "colour", "--models",
        SharedData.models().toString());
    assertEquals(1, group.code());
    assertTrue(group.err().contains("no column 'colour' to group by"), group.err());
  }
}
