package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.core.query.Vectors;
import dev.loupe.onnx.ModelCatalog;
import dev.loupe.onnx.ModelPaths;
import dev.loupe.onnx.OnnxImageEmbedder;
import dev.loupe.onnx.OnnxTextEmbedder;
import dev.loupe.onnx.TextModelCatalog;
import dev.loupe.testing.BaseEmbedderTestCase;
import dev.loupe.testing.ClipFixture;
import dev.loupe.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loupe search --text} end to end on a real Lucene index built with the CLIP-shaped fixture's image tower
 * (random weights: the plumbing is checked, never the quality): hits come back with the JSON contract of image
 * search, each score is the cosine of the text's and the image's vectors computed here independently, answers
 * are deterministic, and bad text queries get one line.
 */
class TextSearchCliTest {
  @TempDir static Path tmp;
  static Path index;
  static Path models;
  static final String SHARED_MODELS = SharedData.models().toString();
  static final List<String> PHOTOS = List.of("lotus/image_0001.jpg", "lotus/image_0002.jpg", "airplanes/image_0001.jpg",
      "airplanes/image_0002.jpg", "watch/image_0001.jpg", "starfish/image_0002.jpg");
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void buildIndex() throws Exception {
    models = ClipFixture.writeSpecs(tmp.resolve("models"));
    Path photos = Files.createDirectories(tmp.resolve("photos"));
    for (String p : PHOTOS) {
      Files.copy(SharedData.caltechTrain().resolve(p), photos.resolve(p.replace('/', '_')));
    }
    index = tmp.resolve("idx");
    CliTest.Run r = CliTest.loupe("index", photos.toString(), "--index", index.toString(), "--model", ClipFixture.IMAGE,
        "--models", models.toString(), "--models", SHARED_MODELS);
    assertEquals(0, r.code(), r.err());
  }

  static CliTest.Run search(String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("search", "--index", index.toString(), "--models",
        models.toString(), "--models", SHARED_MODELS));
    args.addAll(List.of(extra));
    return CliTest.loupe(args.toArray(String[]::new));
  }

  @Test
  void scoresAreCosinesOfTheTextAndImageVectorsComputedIndependently() throws Exception {
    List<String> texts = List.of("a pink lotus flower", "an airplane on the runway");
    CliTest.Run r = search("--text", texts.get(0), "--text", texts.get(1), "-k", "6", "--format", "jsonl");
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.err(), "nothing to report");
    List<String> lines = r.out().lines().toList();
    assertEquals(2, lines.size(), "one JSON object per text query");
    ModelPaths paths = new ModelPaths(List.of(models, SharedData.models()), models);
    try (OnnxTextEmbedder text = TextModelCatalog.load(paths).openForImageModel(ClipFixture.IMAGE, 1);
        OnnxImageEmbedder image = ModelCatalog.load(paths).open(ClipFixture.IMAGE, 1)) {
      Map<String, float[]> imageVectors = new HashMap<>();
      for (String p : PHOTOS) {
        imageVectors.put(p.replace('/', '_'), image.embed(BaseEmbedderTestCase.rgb(SharedData.caltechTrain().resolve(p))));
      }
      for (int q = 0; q < texts.size(); q++) {
        JsonNode result = JSON.readTree(lines.get(q));
        assertEquals(texts.get(q), result.get("query").asText(), "the text is the query");
        float[] t = text.embedText(texts.get(q));
        JsonNode hits = result.get("hits");
        assertEquals(PHOTOS.size(), hits.size(), "k = every item: all come back");
        double previous = Double.POSITIVE_INFINITY;
        for (JsonNode h : hits) {
          String file = Path.of(h.get("path").asText()).getFileName().toString();
          double cosine = Vectors.dot(t, imageVectors.get(file));
          // ImageIO here, Loupe's decoder in the index: JPEG decoders agree to about one grey level.
          assertEquals(cosine, h.get("score").asDouble(), 2e-3, texts.get(q) + " vs " + file);
          assertEquals(1 - h.get("score").asDouble(), h.get("distance").asDouble(), 1e-4, "cosine distance = 1 - score");
          assertTrue(h.get("score").asDouble() <= previous + 1e-6, "ranked by score");
          previous = h.get("score").asDouble();
        }
      }
    }
  }

  @Test
  void theSameTextGivesTheSameAnswer() {
    CliTest.Run a = search("--text", "a watch", "--format", "json");
    CliTest.Run b = search("--text", "a watch", "--format", "json");
    assertEquals(0, a.code(), a.err());
    assertEquals(a.out(), b.out());
    assertTrue(a.out().contains("\"query\" : \"a watch\""), a.out());
  }

  @Test
  void aTooLongTextIsCutWithOneNotice() {
    CliTest.Run r = search("--text", "a red flower in a green pond ".repeat(40), "-k", "2");
    assertEquals(0, r.code(), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("loupe: note: text query cut to the clip-tiny-text model's context"), r.err());
    assertEquals(3, r.out().lines().count(), "the query line and two hits: " + r.out());
  }

  @Test
  void anEmptyTextIsAUsageError() {
    for (String blank : List.of("", "   ")) {
      CliTest.Run r = search("--text", blank);
      assertEquals(2, r.code(), r.err());
      assertEquals("loupe: error: --text needs some words, got an empty text", r.err().strip());
    }
  }

  @Test
  void textAndImageLeversTogetherAreUsageErrors() {
    Path image = SharedData.caltechTest().resolve("lotus/image_0003.jpg");
    assertEquals(2, search("--text", "a lotus", image.toString()).code());
    assertEquals(2, search("--text", "a lotus", "--tta", "2").code());
  }

  @Test
  void anIndexWithoutTextSideSaysHowToGetOne() throws Exception {
    Path pixels = tmp.resolve("pixels-idx");
    CliTest.Run built = CliTest.loupe("index", SharedData.caltechTest().resolve("lotus").toString(), "--index", pixels.toString(),
        "--model", "mobilenetv2-tf2-ptq", "--models", SHARED_MODELS);
    assertEquals(0, built.code(), built.err());
    CliTest.Run r = CliTest.loupe("search", "--index", pixels.toString(), "--models", SHARED_MODELS, "--text", "a lotus");
    assertEquals(1, r.code(), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains("mobilenetv2-tf2-ptq has no text tower") && r.err().contains("CLIP model"), r.err());
    assertEquals("", r.out());
  }
}
