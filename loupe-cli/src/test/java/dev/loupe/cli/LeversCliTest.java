package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.core.image.RgbImage;
import dev.loupe.image.BufferedImages;
import dev.loupe.image.DecodeOptions;
import dev.loupe.image.ImageDecoder;
import dev.loupe.image.Interpolation;
import dev.loupe.image.Resize;
import dev.loupe.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Index- and query-time levers through the CLI on a centred, augmented index of real photos. */
class LeversCliTest {
  @TempDir static Path tmp;
  static Path index;
  static Path photos;
  static final String MODELS = SharedData.models().toString();
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void build() throws Exception {
    photos = tmp.resolve("photos");
    for (String cls : List.of("bonsai", "ewer", "watch")) {
      Path dir = Files.createDirectories(photos.resolve(cls));
      for (Path f : SharedData.filesUnder(SharedData.caltechTrain().resolve(cls))) Files.copy(f, dir.resolve(f.getFileName()));
    }
    index = tmp.resolve("idx");
    CliTest.Run r = CliTest.loupe("index", "--model", "mobilenetv2-tf2-ptq",
        photos.toString(), "-i", index.toString(), "--center", "--augment", "2",
        "--models", MODELS);
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("indexed 60,"), r.out());
  }

  static JsonNode search(String... args) throws Exception {
    String[] full = new String[args.length + 7];
    System.arraycopy(new String[] {"search", "-i", index.toString(), "-f", "jsonl", "--models", MODELS}, 0, full, 0, 7);
    System.arraycopy(args, 0, full, 7, args.length);
    CliTest.Run r = CliTest.loupe(full);
    assertEquals(0, r.code(), r.err());
    return JSON.readTree(r.out().lines().findFirst().orElseThrow());
  }

  /**
   * A new index of unit vectors is centred unless --no-center says otherwise; a raw-pixel index under L2 is not
   * (centring was not measured there); searches of a centred index of fewer than 20 items stay uncentred.
   */
  @Test
  void aNewIndexIsCentredByDefaultAndNoCenterTurnsItOff() throws Exception {
    Path watches = photos.resolve("watch");
    for (String[] c : List.of(new String[] {"default", "mobilenetv2-tf2-ptq", "true"},
        new String[] {"--no-center", "mobilenetv2-tf2-ptq", "false"}, new String[] {"default", "pixels-16", "false"})) {
      Path idx = tmp.resolve("centring-" + c[0] + "-" + c[1]);
      List<String> args = new java.util.ArrayList<>(List.of("index", "--model", c[1], watches.toString(), "-i",
          idx.toString(), "--models", MODELS));
      if (!c[0].equals("default")) args.add(c[0]);
      CliTest.Run r = CliTest.loupe(args.toArray(String[]::new));
      assertEquals(0, r.code(), r.err());
      JsonNode info = JSON.readTree(CliTest.loupe("info", "-i", idx.toString(), "--json").out());
      assertEquals(Boolean.parseBoolean(c[2]), info.get("levers").get("center").asBoolean(), String.join(" ", c));
    }
    // 20 watches: centred searches. One photo fewer: the plain cosine ranking (and scores) of the same query.
    Path small = tmp.resolve("centring-small");
    Path smallPhotos = Files.createDirectories(tmp.resolve("watches-19"));
    List<Path> all = SharedData.filesUnder(watches);
    assertEquals(20, all.size());
    for (Path f : all.subList(0, 19)) Files.copy(f, smallPhotos.resolve(f.getFileName()));
    Path plain = tmp.resolve("centring-small-plain");
    for (String[] c : List.of(new String[] {small.toString(), "--center"}, new String[] {plain.toString(), "--no-center"})) {
      assertEquals(0, CliTest.loupe("index", "--model", "mobilenetv2-tf2-ptq", smallPhotos.toString(), "-i", c[0],
          c[1], "--models", MODELS).code());
    }
    String query = SharedData.caltechTest().resolve("watch").toString();
    CliTest.Run centredSmall = CliTest.loupe("search", "-i", small.toString(), "-k", "5", "-f", "jsonl", "--models", MODELS, query);
    CliTest.Run plainSmall = CliTest.loupe("search", "-i", plain.toString(), "-k", "5", "-f", "jsonl", "--models", MODELS, query);
    assertEquals(plainSmall.out(), centredSmall.out(), "19 items: uncentred");
    CliTest.Run centred20 = CliTest.loupe("search", "-i", tmp.resolve("centring-default-mobilenetv2-tf2-ptq").toString(),
        "-k", "5", "-f", "jsonl", "--models", MODELS, query);
    CliTest.Run plain20 = CliTest.loupe("search", "-i", tmp.resolve("centring---no-center-mobilenetv2-tf2-ptq").toString(),
        "-k", "5", "-f", "jsonl", "--models", MODELS, query);
    assertTrue(!centred20.out().equals(plain20.out()), "20 items: centred scores");
  }

  @Test
  void infoShowsTheLeversAndOtherLeversAreRefused() throws Exception {
    JsonNode info = JSON.readTree(CliTest.loupe("info", "-i", index.toString(), "--json").out());
    assertTrue(info.get("levers").get("center").asBoolean());
    assertEquals(2, info.get("levers").get("augmentViews").asInt());
    assertEquals(60, info.get("items").asInt(), "views are not items");
    assertEquals(60, info.get("centring").get("items").asInt(), "the committed mean sums every item once");
    // Post-ReLU features share a large common direction: the mean of 60 unit vectors is far from zero.
    assertTrue(info.get("centring").get("meanNorm").asDouble() > 0.1, info.toString());
    CliTest.Run other = CliTest.loupe("index", "--model", "mobilenetv2-tf2-ptq",
        photos.toString(), "-i", index.toString(), "--augment", "1", "--models", MODELS);
    assertEquals(1, other.code());
    assertTrue(other.err().contains("cannot be mixed"), other.err());
  }

  @Test
  void augmentedAndCentredIndexReturnsEachItemOnce() throws Exception {
    JsonNode hits = search("-k", "60", SharedData.caltechTest().resolve("ewer").toString()).get("hits");
    assertEquals(60, hits.size());
    java.util.Set<String> ids = new java.util.HashSet<>();
    hits.forEach(h -> ids.add(h.get("id").asText()));
    assertEquals(60, ids.size(), "no item twice although each has 3 vectors");
    assertTrue(hits.get(0).get("path").asText().contains("/ewer/"));
  }

  /**
   * A phone photo of a known picture shows the picture and its surroundings. The query here is an indexed watch
   * photo pasted into the top-left 60% x 60% of an unrelated scene; the top-left crop of --crops 5 is exactly
   * that region, so multi-crop finds the watch first with a near-perfect score.
   */
  @Test
  void multiCropFindsAnIndexedImageInsideALargerPhoto() throws Exception {
    Path source = SharedData.filesUnder(photos.resolve("watch")).get(3);
    RgbImage watch = ImageDecoder.decode(source, DecodeOptions.DEFAULTS).image();
    RgbImage scene = ImageDecoder.decode(SharedData.filesUnder(SharedData.caltechTest().resolve("dolphin")).get(0),
        DecodeOptions.DEFAULTS).image();
    int w = watch.width() * 10 / 6;
    int h = watch.height() * 10 / 6;
    byte[] canvas = Resize.resize(scene, w, h, Interpolation.BILINEAR).rgb().clone();
    RgbImage inset = Resize.resize(watch, w * 6 / 10, h * 6 / 10, Interpolation.BILINEAR);
    for (int y = 0; y < inset.height(); y++) {
      System.arraycopy(inset.rgb(), y * inset.width() * 3, canvas, y * w * 3, inset.width() * 3);
    }
    Path query = tmp.resolve("watch-in-scene.png");
    ImageIO.write(BufferedImages.toBufferedImage(new RgbImage(w, h, canvas)), "png", query.toFile());
    JsonNode crops = search("-k", "3", "--crops", "5", query.toString());
    assertEquals(source.toAbsolutePath().toString(), crops.get("hits").get(0).get("path").asText(), crops.toString());
    JsonNode whole = search("-k", "60", query.toString());
    double wholeScore = 0;
    for (JsonNode hit : whole.get("hits")) {
      if (hit.get("path").asText().equals(source.toAbsolutePath().toString())) wholeScore = hit.get("score").asDouble();
    }
    assertTrue(crops.get("hits").get(0).get("score").asDouble() > wholeScore + 0.1,
        "the crop matches far better than the whole scene: " + crops.get("hits").get(0) + " vs " + wholeScore);
  }

  /**
   * Each lever must change the answer the way it promises, compared with a plain search of the same query: a
   * lever that did nothing would return the plain scores and fail.
   */
  @Test
  void queryExpansionTtaAndRelevanceFeedback() throws Exception {
    Path first = SharedData.filesUnder(SharedData.caltechTest().resolve("bonsai").toAbsolutePath()).get(0);
    Map<String, Double> plain = scores(search("-k", "60", first.toString()));
    List<String> plainTop = ids(search("-k", "3", first.toString()));

    // Alpha-QE adds the top 3 hits' vectors to the query: each of them moves closer to it.
    JsonNode qe = search("-k", "60", "--qe", "3", first.toString());
    assertTrue(qe.get("hits").get(0).get("path").asText().contains("/bonsai/"), qe.toString());
    Map<String, Double> expanded = scores(qe);
    for (String id : plainTop) {
      assertTrue(expanded.get(id) > plain.get(id) + 0.01, "QE pulls its top hits closer: " + id + " " + plain.get(id)
          + " -> " + expanded.get(id));
    }

    // TTA averages the query with augmented views of it: a different query vector, the same class on top.
    JsonNode tta = search("-k", "60", "--tta", "2", first.toString());
    assertTrue(tta.get("hits").get(0).get("path").asText().contains("/bonsai/"), tta.toString());
    Map<String, Double> augmented = scores(tta);
    double moved = plain.keySet().stream().mapToDouble(id -> Math.abs(augmented.get(id) - plain.get(id))).max().orElse(0);
    assertTrue(moved > 0.01, "TTA changes the query vector, so the scores: largest change " + moved);

    // Feedback alone: like two watches, the answer is watches.
    List<Path> watches = SharedData.filesUnder(photos.resolve("watch"));
    JsonNode liked = search("-k", "10", "--like", watches.get(0).toAbsolutePath().toString(), "--like",
        watches.get(1).toAbsolutePath().toString());
    liked.get("hits").forEach(h -> assertTrue(h.get("path").asText().contains("/watch/"), h.toString()));
    // Feedback with a query: a bonsai photo that likes two watches ranks those watches above where it had them.
    String w0 = watches.get(0).toAbsolutePath().toString();
    String w1 = watches.get(1).toAbsolutePath().toString();
    List<String> plainRanking = ids(search("-k", "60", first.toString()));
    List<String> feedbackRanking = ids(search("-k", "60", "--like", w0, "--like", w1, first.toString()));
    for (String w : List.of(w0, w1)) {
      assertTrue(feedbackRanking.indexOf(w) < plainRanking.indexOf(w), w + ": rank " + plainRanking.indexOf(w)
          + " -> " + feedbackRanking.indexOf(w));
    }
  }

  static Map<String, Double> scores(JsonNode result) {
    Map<String, Double> out = new HashMap<>();
    result.get("hits").forEach(h -> out.put(h.get("id").asText(), h.get("score").asDouble()));
    return out;
  }

  static List<String> ids(JsonNode result) {
    List<String> out = new ArrayList<>();
    result.get("hits").forEach(h -> out.add(h.get("id").asText()));
    return out;
  }
}
