package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.core.query.Hit;
import dev.loupe.core.query.SearchRequest;
import dev.loupe.engine.Loupe;
import dev.loupe.engine.LoupeConfig;
import dev.loupe.engine.feedback.FeedbackRecorder;
import dev.loupe.engine.feedback.JudgementLog;
import dev.loupe.engine.ranking.RankingFile;
import dev.loupe.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** Judgements from 'loupe search --like/--unlike', 'loupe learn-ranking', and what 'info' and 'search' make of it. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LearnRankingCliTest {
  @TempDir static Path tmp;
  static Path index;
  static final String MODELS = SharedData.models().toString();
  static final ObjectMapper JSON = new ObjectMapper();
  static final Path QUERY = SharedData.caltechTest().resolve("ewer/image_0006.jpg");
  /** Items of a folder index are named by their absolute paths. */
  static final String LIKED = item("ewer/image_0001.jpg");
  static final String UNLIKED = item("lamp/image_0001.jpg");

  static String item(String relative) {
    return SharedData.caltechTrain().resolve(relative).toAbsolutePath().normalize().toString();
  }

  @BeforeAll
  static void build() throws Exception {
    index = tmp.resolve("idx");
    // Uncentred: the learned weights are compared with the model's own cosine, and centring is a lever they weigh.
    CliTest.Run r = CliTest.loupe("index", "--model", "mobilenetv2-tf2-ptq", "--no-center", SharedData.caltechTrain().toString(),
        "-i", index.toString(), "--models", MODELS);
    assertEquals(0, r.code(), r.err());
  }

  static List<String> judgementLines() throws Exception {
    Path log = index.resolve(JudgementLog.NAME);
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  @Test
  @Order(1)
  void searchRecordsLikeAndUnlikeUnlessToldNotTo() throws Exception {
    CliTest.Run r = CliTest.loupe("search", QUERY.toString(), "-i", index.toString(), "--models", MODELS,
        "--like", LIKED, "--unlike", UNLIKED, "-f", "jsonl");
    assertEquals(0, r.code(), r.err());
    List<String> lines = judgementLines();
    assertEquals(2, lines.size());
    JsonNode liked = JSON.readTree(lines.get(0));
    assertEquals(LIKED, liked.get("item").asText());
    assertTrue(liked.get("good").asBoolean());
    assertEquals("cli", liked.get("source").asText());
    assertEquals("sha256:" + dev.loupe.core.io.Checksums.sha256(QUERY), liked.get("query").asText());
    assertEquals(1280, liked.get("dim").asInt());
    JsonNode unliked = JSON.readTree(lines.get(1));
    assertEquals(UNLIKED, unliked.get("item").asText());
    assertTrue(!unliked.get("good").asBoolean());

    CliTest.Run quiet = CliTest.loupe("search", QUERY.toString(), "-i", index.toString(), "--models", MODELS,
        "--like", LIKED, "--no-record");
    assertEquals(0, quiet.code(), quiet.err());
    assertEquals(2, judgementLines().size(), "--no-record records nothing");
  }

  @Test
  @Order(2)
  void learningFromTooFewJudgementsSaysWhatIsMissing() {
    CliTest.Run r = CliTest.loupe("learn-ranking", "-i", index.toString(), "--models", MODELS);
    assertEquals(1, r.code(), r.out());
    assertTrue(r.err().contains("learning needs judgements of at least 2 queries that each have a good and a bad item;"
        + " the log has 1"), r.err());
  }

  @Test
  @Order(3)
  void learnedWeightsAreSavedShownByInfoAndUsedBySearchThenKept() throws Exception {
    // A simulated user judges the top 20 hits of every other test photo by its class (see LearnedRankingTest).
    List<Path> photos = SharedData.filesUnder(SharedData.caltechTest());
    try (Loupe loupe = Loupe.open(index, LoupeConfig.defaults().withModelDirs(List.of(SharedData.models())))) {
      FeedbackRecorder recorder = new FeedbackRecorder(loupe, "simulated", Clock.systemUTC());
      for (int i = 0; i < photos.size(); i += 2) {
        Path q = photos.get(i);
        List<String> good = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        for (Hit h : loupe.search(q, SearchRequest.topK(20))) {
          (SharedData.labelOf(Path.of(h.id())).equals(SharedData.labelOf(q)) ? good : bad).add(h.id());
        }
        recorder.image(Files.readAllBytes(q), q.toString(), good, bad);
      }
    }
    String before = CliTest.loupe("search", QUERY.toString(), "-i", index.toString(), "--models", MODELS, "-f", "jsonl")
        .out();
    CliTest.Run r = CliTest.loupe("learn-ranking", "-i", index.toString(), "--models", MODELS);
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("split by query (seed 42): "), r.out());
    for (String row : List.of("learned", "cosine", "centred", "qe3", "qe10", "current (default: cosine)")) {
      assertTrue(r.out().lines().anyMatch(l -> l.startsWith(row + " ")), row + " in\n" + r.out());
    }
    assertTrue(r.out().contains("saved " + RankingFile.of(index)), r.out());

    JsonNode info = JSON.readTree(CliTest.loupe("info", "-i", index.toString(), "--json").out());
    assertEquals("yes", info.get("ranking").get("applied").asText(), info.toString());
    assertTrue(info.get("judgements").asText().startsWith("802 (at most 10000)"), info.toString());

    String after = CliTest.loupe("search", QUERY.toString(), "-i", index.toString(), "--models", MODELS, "-f", "jsonl")
        .out();
    JsonNode top = JSON.readTree(after).get("hits").get(0);
    JsonNode plainTop = JSON.readTree(before).get("hits").get(0);
    assertTrue(top.get("score").asDouble() != plainTop.get("score").asDouble(), "scores are the learned weighting's");

    CliTest.Run again = CliTest.loupe("learn-ranking", "-i", index.toString(), "--models", MODELS);
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("kept the current setting"), again.out());
  }
}
