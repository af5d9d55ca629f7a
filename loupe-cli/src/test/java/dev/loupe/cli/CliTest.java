package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.testing.SharedData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI contract: output formats, exit codes, one-line errors. */
class CliTest {
  @TempDir static Path tmp;
  static Path index;
  static final String MODELS = SharedData.models().toString();

  record Run(int code, String out, String err) {}

  static Run loupe(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  @BeforeAll
  static void buildIndex() throws Exception {
    // Two classes of caltech train (40 photos) plus one broken file; uncentred, so that the metric tests compare
    // the model's own vectors (a new index is centred by default).
    Path photos = tmp.resolve("photos");
    for (String cls : List.of("airplanes", "lotus")) {
      Path dir = Files.createDirectories(photos.resolve(cls));
      for (Path f : SharedData.filesUnder(SharedData.caltechTrain().resolve(cls))) Files.copy(f, dir.resolve(f.getFileName()));
    }
    Files.write(photos.resolve("broken.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0x00});
    index = tmp.resolve("idx");
    Run r = loupe("index", "--model", "mobilenetv2-tf2-ptq", "--no-center",
        photos.toString(), "--index", index.toString(), "--models", MODELS);
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("indexed 40, unchanged 0, skipped 1, removed 0"), r.out());
    assertTrue(r.err().contains("skipped " + photos.resolve("broken.jpg")), r.err());
  }

  @Test
  void jsonlIsOneObjectPerQueryWithTheContractFields() throws Exception {
    Path q1 = SharedData.caltechTest().resolve("lotus/image_0003.jpg");
    Path q2 = SharedData.caltechTest().resolve("airplanes");
    Run r = loupe("search", "--index", index.toString(), "-k", "3", "--format", "jsonl", q1.toString(), q2.toString(),
        "--models", MODELS);
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals(1 + 4, lines.size(), "one line per query: 1 file + 4 airplanes in the folder");
    ObjectMapper json = new ObjectMapper();
    List<String> fieldOrder = new ArrayList<>();
    for (String line : lines) {
      JsonNode obj = json.readTree(line);
      assertTrue(obj.get("query").isTextual());
      assertEquals(3, obj.get("hits").size());
      JsonNode hit = obj.get("hits").get(0);
      hit.fieldNames().forEachRemaining(fieldOrder::add);
      assertEquals(1, hit.get("rank").asInt());
      String expectedClass = obj.get("query").asText().contains("lotus") ? "lotus" : "airplanes";
      assertTrue(hit.get("path").asText().contains("/" + expectedClass + "/"), line);
      assertTrue(hit.get("score").asDouble() > 0.5, line);
      assertEquals(1 - hit.get("score").asDouble(), hit.get("distance").asDouble(), 1e-4, "cosine distance = 1 - score");
    }
    assertEquals(List.of("rank", "id", "path", "score", "distance", "metadata"), fieldOrder.subList(0, 6));
    assertEquals(q1.toString(), json.readTree(lines.get(0)).get("query").asText(), "query echoed as given");
  }

  @Test
  void textAndJsonFormatsAndMinScore() throws Exception {
    Path q = SharedData.caltechTest().resolve("lotus/image_0006.jpg");
    Run text = loupe("search", "-i", index.toString(), "-k", "2", q.toString(), "--models", MODELS);
    assertEquals(0, text.code(), text.err());
    assertTrue(text.out().startsWith(q + "\n   1  0."), text.out());
    Run json = loupe("search", "-i", index.toString(), "-k", "2", "-f", "json", q.toString(), "--models", MODELS);
    assertEquals(2, new ObjectMapper().readTree(json.out()).get(0).get("hits").size());
    Run none = loupe("search", "-i", index.toString(), "--min-score", "0.9999", q.toString(), "--models", MODELS);
    assertEquals(0, none.code(), "no close match is an answer, not an error");
    assertTrue(none.out().contains("no close match"), none.out());
  }

  /**
   * Each metric ranks by its own distance: checked against the cosine of the same hits, as every vector here has
   * unit length (dot = cos, L2 = sqrt(2 - 2 cos), L1 >= L2, Pearson r < cos for the non-negative post-ReLU
   * features). A --metric that was ignored would give cosine distances and fail every one of these.
   */
  @Test
  void everyMetricAndExactWork() throws Exception {
    Path q = SharedData.caltechTest().resolve("airplanes/image_0003.jpg");
    Map<String, Double> cos = new HashMap<>();
    for (JsonNode h : hits(q, "cosine", false)) cos.put(h.get("id").asText(), h.get("score").asDouble());
    assertEquals(40, cos.size());
    for (String metric : List.of("cosine", "dot", "l2", "l1", "correlation")) {
      JsonNode hits = hits(q, metric, false);
      assertEquals(40, hits.size(), metric);
      assertTrue(hits.get(0).get("path").asText().contains("/airplanes/"), metric + ": " + hits.get(0));
      for (JsonNode h : hits) {
        double c = cos.get(h.get("id").asText());
        double score = h.get("score").asDouble();
        double d = h.get("distance").asDouble();
        switch (metric) {
          case "cosine" -> assertEquals(1 - c, d, 1e-4, "cosine distance = 1 - cos");
          case "dot" -> assertEquals(-c, d, 1e-4, "dot distance = -dot = -cos for unit vectors");
          case "l2" -> assertEquals(Math.sqrt(2 - 2 * c), d, 1e-3, "|a - b| = sqrt(2 - 2 cos) for unit vectors");
          case "l1" -> assertTrue(d > Math.sqrt(2 - 2 * c) + 0.1, "L1 >= L2, far above in 1280-d: " + h);
          case "correlation" -> assertTrue(score < c - 1e-3, "r < cos for non-negative features: " + h);
          default -> throw new AssertionError(metric);
        }
      }
      // --exact: the same answer by an exhaustive scan (on 40 items the graph is exact too).
      assertEquals(hits, hits(q, metric, true), metric + " --exact");
    }
    // Whether --exact reaches the request cannot be seen in the hits above, so it is checked where it is built.
    SearchCommand search = new SearchCommand();
    new CommandLine(search).setCaseInsensitiveEnumValuesAllowed(true)
        .parseArgs("-i", "idx", "--metric", "l2", "--exact", "q.jpg");
    assertTrue(search.request().exact(), "--exact asks for an exhaustive scan");
    assertEquals(dev.loupe.core.query.Metric.L2, search.request().metric());
    search = new SearchCommand();
    new CommandLine(search).setCaseInsensitiveEnumValuesAllowed(true).parseArgs("-i", "idx", "q.jpg");
    assertFalse(search.request().exact());
  }

  static JsonNode hits(Path query, String metric, boolean exact) throws Exception {
    List<String> args = new ArrayList<>(List.of("search", "-i", index.toString(), "-k", "40", "--metric", metric,
        "-f", "jsonl", query.toString(), "--models", MODELS));
    if (exact) args.add("--exact");
    Run r = loupe(args.toArray(String[]::new));
    assertEquals(0, r.code(), metric + ": " + r.err());
    return new ObjectMapper().readTree(r.out()).get("hits");
  }

  @Test
  void exitCodesAndOneLineErrors() {
    assertEquals(0, loupe("--help").code());
    assertEquals(0, loupe("search", "--help").code());
    Run usage = loupe("search", "--index", index.toString(), "--no-such-option", "x.jpg");
    assertEquals(2, usage.code());
    Run badFilter = loupe("search", "--index", index.toString(), "--filter", "nofield", "x.jpg", "--models", MODELS);
    assertEquals(2, badFilter.code(), badFilter.err());
    Run missing = loupe("search", "--index", tmp.resolve("nope").toString(), "x.jpg");
    assertEquals(1, missing.code());
    assertEquals(1, missing.err().lines().count(), missing.err());
    assertTrue(missing.err().startsWith("loupe: error: "), missing.err());
    Run badQuery = loupe("search", "--index", index.toString(), tmp.resolve("photos/broken.jpg").toString(), "--models", MODELS);
    assertEquals(1, badQuery.code());
    assertTrue(badQuery.err().contains("broken.jpg"), badQuery.err());
    Run otherModel = loupe("index", tmp.resolve("photos/lotus").toString(), "--index", index.toString(), "--model",
        "squeezenet1.1", "--models", MODELS);
    assertEquals(1, otherModel.code());
    assertTrue(otherModel.err().contains("cannot be mixed"), otherModel.err());
  }

  @Test
  void infoAndModelsList() throws Exception {
    Run info = loupe("info", "--index", index.toString(), "--json");
    assertEquals(0, info.code(), info.err());
    JsonNode node = new ObjectMapper().readTree(info.out());
    assertEquals(40, node.get("items").asInt());
    assertEquals("mobilenetv2-tf2-ptq", node.get("embedder").asText());
    assertEquals(1280, node.get("dimension").asInt());
    assertTrue(node.get("sizeOnDiskBytes").asLong() > 40 * 1280 * 4);
    Run models = loupe("models", "list", "--models", MODELS);
    assertEquals(0, models.code());
    assertTrue(models.out().contains(
        "mobilenetv2-tf2-ptq  (default; a new index gets its int8 copy mobilenetv2-tf2-ptq-int8)\n"), models.out());
    assertTrue(models.out().contains("found: " + SharedData.models()), models.out());
  }
}
