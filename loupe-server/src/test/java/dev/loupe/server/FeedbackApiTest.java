package dev.loupe.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.engine.feedback.JudgementLog;
import dev.loupe.testing.SharedData;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Judgements recorded by the server: a search's like/unlike, and POST /feedback. */
class FeedbackApiTest {
  @TempDir static Path tmp;
  static ServerFixture fixture;
  static ServerFixture.Running server;
  static OpenApiCheck api;
  static final Path QUERY = SharedData.caltechTest().resolve("lotus/image_0003.jpg");

  @BeforeAll
  static void start() throws Exception {
    fixture = ServerFixture.build(tmp);
    server = new ServerFixture.Running(fixture.options(), fixture.config);
    api = new OpenApiCheck(server.get("/openapi.json").body());
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) server.close();
  }

  static List<String> judgements() throws Exception {
    return judgements(fixture.index);
  }

  /** The judgements recorded so far in an index, as "query item good source" lines. */
  static List<String> judgements(Path index) throws Exception {
    Path log = index.resolve(JudgementLog.NAME);
    List<String> out = new ArrayList<>();
    if (!Files.exists(log)) return out;
    for (String line : Files.readAllLines(log)) {
      JsonNode j = ServerFixture.JSON.readTree(line);
      out.add(j.get("query").asText() + " " + j.get("item").asText() + " " + j.get("good").asBoolean() + " "
          + j.get("source").asText());
    }
    return out;
  }

  @Test
  void searchesRecordTheirLikeAndUnlikeAndFeedbackRecordsOnePair() throws Exception {
    byte[] image = Files.readAllBytes(QUERY);
    String key = "sha256:" + dev.loupe.core.io.Checksums.sha256(image);
    HttpResponse<String> search = server.postMultipart("/search", new ServerFixture.Multipart()
        .file("image", "q.jpg", image).field("like", "lotus/image_0001.jpg").field("unlike", "watch/image_0001.jpg"));
    assertEquals(200, search.statusCode(), search.body());
    assertEquals(List.of(key + " lotus/image_0001.jpg true server", key + " watch/image_0001.jpg false server"),
        judgements());

    HttpResponse<String> more = server.postJson("/search",
        "{\"id\": \"lotus/image_0002.jpg\", \"like\": [\"lotus/image_0004.jpg\"], \"unlike\": \"airplanes/image_0001.jpg\"}");
    assertEquals(200, more.statusCode(), more.body());
    assertEquals(List.of("id:lotus/image_0002.jpg lotus/image_0004.jpg true server",
        "id:lotus/image_0002.jpg airplanes/image_0001.jpg false server"), judgements().subList(2, 4));

    HttpResponse<String> quiet = server.postJson("/search",
        "{\"id\": \"lotus/image_0002.jpg\", \"like\": [\"lotus/image_0004.jpg\"], \"record\": false}");
    assertEquals(200, quiet.statusCode(), quiet.body());
    HttpResponse<String> plainId = server.postJson("/search", "{\"id\": \"lotus/image_0002.jpg\"}");
    assertEquals(200, plainId.statusCode(), plainId.body());
    assertEquals(4, judgements().size(), "record=false, and 'more like this' alone, record nothing");

    HttpResponse<String> bad = server.postJson("/feedback",
        "{\"id\": \"lotus/image_0002.jpg\", \"item\": \"watch/image_0003.jpg\", \"good\": false}");
    assertEquals(200, bad.statusCode(), bad.body());
    api.check("POST", "/feedback", bad);
    assertEquals(1, ServerFixture.json(bad).get("recorded").asInt());
    HttpResponse<String> good = server.postMultipart("/feedback", new ServerFixture.Multipart()
        .file("image", "q.jpg", image).field("item", "lotus/image_0005.jpg").field("good", "true"));
    assertEquals(200, good.statusCode(), good.body());
    api.check("POST", "/feedback", good);
    assertEquals(List.of("id:lotus/image_0002.jpg watch/image_0003.jpg false server",
        key + " lotus/image_0005.jpg true server"), judgements().subList(4, 6));
  }

  @Test
  void feedbackOnUnknownItemsOrWithUnknownFieldsIsRefusedByName() throws Exception {
    HttpResponse<String> unknown = server.postJson("/feedback",
        "{\"id\": \"lotus/image_0002.jpg\", \"item\": \"no/such.jpg\", \"good\": true}");
    ServerFixture.assertError(unknown, 400, null);
    assertTrue(unknown.body().contains("no item with id 'no/such.jpg' in the index"), unknown.body());
    api.check("POST", "/feedback", unknown);
    HttpResponse<String> typo = server.postJson("/feedback",
        "{\"id\": \"lotus/image_0002.jpg\", \"item\": \"lotus/image_0004.jpg\", \"god\": true}");
    ServerFixture.assertError(typo, 400, null);
    assertTrue(typo.body().contains("unknown field 'god'"), typo.body());
  }
}
