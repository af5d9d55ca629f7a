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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loupe search --texts} (image → text), {@code loupe classify} (zero-shot) and mixed text queries end to
 * end on a real Lucene index of the CLIP-shaped fixture (random weights: plumbing and contracts, never quality).
 * Every score is checked against vectors computed here with the towers opened independently.
 */
class QueriesCliTest {
  @TempDir static Path tmp;
  static Path index;
  static Path models;
  static final String SHARED_MODELS = SharedData.models().toString();
  static final Path LOTUS = SharedData.caltechTest().resolve("lotus/image_0003.jpg");
  static final Path WATCH = SharedData.caltechTrain().resolve("watch/image_0001.jpg");
  static final ObjectMapper JSON = new ObjectMapper();
  static OnnxTextEmbedder text;
  static OnnxImageEmbedder image;

  @BeforeAll
  static void buildIndex() throws Exception {
    models = ClipFixture.writeSpecs(tmp.resolve("models"));
    Path photos = Files.createDirectories(tmp.resolve("photos"));
    for (String p : List.of("lotus/image_0001.jpg", "airplanes/image_0001.jpg", "watch/image_0003.jpg", "starfish/image_0002.jpg")) {
      Files.copy(SharedData.caltechTrain().resolve(p), photos.resolve(p.replace('/', '_')));
    }
    index = tmp.resolve("idx");
    CliTest.Run r = CliTest.loupe("index", photos.toString(), "--index", index.toString(), "--model", ClipFixture.IMAGE,
        "--models", models.toString(), "--models", SHARED_MODELS);
    assertEquals(0, r.code(), r.err());
    ModelPaths paths = new ModelPaths(List.of(models, SharedData.models()), models);
    text = TextModelCatalog.load(paths).openForImageModel(ClipFixture.IMAGE, 1);
    image = ModelCatalog.load(paths).open(ClipFixture.IMAGE, 1);
  }

  static CliTest.Run loupe(String command, String... extra) {
    List<String> args = new ArrayList<>(List.of(command, "--index", index.toString(), "--models", models.toString(),
        "--models", SHARED_MODELS));
    args.addAll(List.of(extra));
    return CliTest.loupe(args.toArray(String[]::new));
  }

  static float[] imageVector(Path p) throws Exception {
    return image.embed(BaseEmbedderTestCase.rgb(p));
  }

  @Test
  void imageToTextScoresAreCosinesAndHitsCarryTheTextAndTheRow() throws Exception {
    Path csv = tmp.resolve("titles.csv");
    Files.writeString(csv, "id,title,brand\nA,a pink lotus flower,Acme\nB,a silver wrist watch,Bolt\nC,,Cyan\n"
        + "D,\"a jet, on the runway\",Dart\n");
    CliTest.Run r = loupe("search", "--texts", csv.toString(), "--column", "title", "-k", "3", "--format", "jsonl",
        LOTUS.toString(), WATCH.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("1 rows with an empty 'title' skipped") && r.err().lines().count() == 1, r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals(2, lines.size(), "one JSON object per image");
    Map<String, String> titles = Map.of("A", "a pink lotus flower", "B", "a silver wrist watch", "D", "a jet, on the runway");
    Map<String, String> brands = Map.of("A", "Acme", "B", "Bolt", "D", "Dart");
    Path[] queries = {LOTUS, WATCH};
    for (int q = 0; q < 2; q++) {
      JsonNode result = JSON.readTree(lines.get(q));
      assertEquals(queries[q].toString(), result.get("query").asText());
      JsonNode hits = result.get("hits");
      assertEquals(3, hits.size());
      float[] v = imageVector(queries[q]);
      double previous = Double.POSITIVE_INFINITY;
      for (JsonNode h : hits) {
        String id = h.get("id").asText();
        assertEquals(titles.get(id), h.get("text").asText());
        assertEquals(brands.get(id), h.get("metadata").get("brand").asText());
        // ImageIO here, Loupe's decoder in the CLI: JPEG decoders agree to about one grey level.
        assertEquals(Vectors.cosine(v, text.embedText(titles.get(id))), h.get("score").asDouble(), 2e-3, id);
        assertTrue(h.get("score").asDouble() <= previous + 1e-6, "ranked by score");
        previous = h.get("score").asDouble();
      }
    }
  }

  @Test
  void aMissingTextColumnIsNamedWithItsFile() throws Exception {
    Path csv = tmp.resolve("no-title.csv");
    Files.writeString(csv, "id,name\n1,a lotus\n");
    CliTest.Run r = loupe("search", "--texts", csv.toString(), "--column", "title", LOTUS.toString());
    assertEquals(1, r.code(), r.err());
    assertEquals("loupe: error: " + csv + " has no 'title' column (columns: [id, name])", r.err().strip());
    CliTest.Run bound = loupe("search", "--texts", csv.toString(), "--column", "name", "--max-texts", "0", LOTUS.toString());
    assertEquals(2, bound.code(), bound.err());
  }

  @Test
  void classifyGivesProbabilitiesThatSumToOneAndFollowTheSimilarities() throws Exception {
    List<String> labels = List.of("lotus", "watch", "airplane", "starfish");
    CliTest.Run r = loupe("classify", "--labels", String.join(",", labels), "-k", "4", "--format", "jsonl", LOTUS.toString());
    assertEquals(0, r.code(), r.err());
    JsonNode result = JSON.readTree(r.out().strip());
    JsonNode got = result.get("labels");
    assertEquals(4, got.size());
    float[] v = imageVector(LOTUS);
    Map<String, Double> logits = new HashMap<>();
    double z = 0;
    for (String l : labels) {
      double logit = 100 * Vectors.cosine(v, text.embedText("a photo of a " + l));
      logits.put(l, logit);
    }
    double max = logits.values().stream().mapToDouble(d -> d).max().orElseThrow();
    for (double l : logits.values()) z += Math.exp(l - max);
    double sum = 0;
    double previous = Double.POSITIVE_INFINITY;
    for (JsonNode s : got) {
      double p = s.get("probability").asDouble();
      // The decoders differ by about one grey level: the logits (×100) by ~0.1, the probabilities by some percent.
      assertEquals(Math.exp(logits.get(s.get("label").asText()) - max) / z, p, 0.05, s.toString());
      assertTrue(p <= previous, "most probable first");
      previous = p;
      sum += p;
    }
    assertEquals(1, sum, 1e-9);
  }

  @Test
  void classifyTextOutputAndTemplate() {
    CliTest.Run r = loupe("classify", "--labels", "lotus, watch", "--template", "{label}", LOTUS.toString());
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals(3, lines.size(), r.out());
    assertEquals(LOTUS.toString(), lines.get(0));
    assertTrue(lines.get(1).matches("  [01]\\.\\d{4}  (lotus|watch)  \\(similarity -?\\d\\.\\d{4}\\)"), lines.get(1));
  }

  @Test
  void classifyBadLabelsAreOneLineUsageErrors() throws Exception {
    CliTest.Run empty = loupe("classify", "--labels", " , ,", LOTUS.toString());
    assertEquals(2, empty.code(), empty.err());
    assertEquals("loupe: error: --labels has no label (all empty)", empty.err().strip());
    Path file = Files.writeString(tmp.resolve("labels.txt"), "\n  \n");
    CliTest.Run emptyFile = loupe("classify", "--labels-file", file.toString(), LOTUS.toString());
    assertEquals(2, emptyFile.code(), emptyFile.err());
    assertEquals("loupe: error: " + file + " has no label (all empty)", emptyFile.err().strip());
    assertEquals(2, loupe("classify", LOTUS.toString()).code(), "no labels at all");
    assertEquals(2, loupe("classify", "--labels", "a,b", "--template", "no placeholder", LOTUS.toString()).code());
  }

  @Test
  void classifyOnAnIndexWithoutTextSideSaysHowToGetOne() throws Exception {
    Path pixels = tmp.resolve("mnv2-idx");
    CliTest.Run built = CliTest.loupe("index", SharedData.caltechTest().resolve("lotus").toString(), "--index",
        pixels.toString(), "--model", "mobilenetv2-tf2-ptq", "--models", SHARED_MODELS);
    assertEquals(0, built.code(), built.err());
    CliTest.Run r = CliTest.loupe("classify", "--index", pixels.toString(), "--models", SHARED_MODELS, "--labels", "a,b",
        LOTUS.toString());
    assertEquals(1, r.code(), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains("has no text tower"), r.err());
  }

  @Test
  void aTextMinusTextQueryRanksByTheNormalisedDifference() throws Exception {
    CliTest.Run r = loupe("search", "--text", "a flower -pink", "-k", "4", "--format", "jsonl", "--exact");
    assertEquals(0, r.code(), r.err());
    float[] a = text.embedText("a flower");
    float[] b = text.embedText("pink");
    float[] q = new float[a.length];
    for (int i = 0; i < q.length; i++) q[i] = a[i] - b[i];
    Vectors.normalizeInPlace(q);
    checkScores(r.out(), q);
    CliTest.Run cancel = loupe("search", "--text", "cat -cat");
    assertEquals(2, cancel.code(), cancel.err());
    assertEquals("loupe: error: the query's terms cancel out: nothing to search for", cancel.err().strip());
  }

  @Test
  void textPlusImageAddsTheWeightedImageVector() throws Exception {
    CliTest.Run r = loupe("search", "--text", "a flower", "--image-weight", "0.5", "-k", "4", "--format", "jsonl",
        "--exact", WATCH.toString());
    assertEquals(0, r.code(), r.err());
    float[] t = text.embedText("a flower");
    float[] v = imageVector(WATCH);
    float n = Vectors.norm(v);
    float[] q = new float[t.length];
    for (int i = 0; i < q.length; i++) q[i] = t[i] + 0.5f * v[i] / n;
    Vectors.normalizeInPlace(q);
    checkScores(r.out(), q);
    assertEquals(2, loupe("search", "--image-weight", "0.5", WATCH.toString()).code(), "needs --text");
  }

  /** Each hit's score is the cosine of {@code q} and the indexed image's vector computed here. */
  private static void checkScores(String jsonl, float[] q) throws Exception {
    JsonNode hits = JSON.readTree(jsonl.strip()).get("hits");
    assertEquals(4, hits.size());
    for (JsonNode h : hits) {
      String file = Path.of(h.get("path").asText()).getFileName().toString();
      float[] v = imageVector(SharedData.caltechTrain().resolve(file.replaceFirst("_", "/")));
      assertEquals(Vectors.cosine(q, v), h.get("score").asDouble(), 2e-3, file);
    }
  }
}
