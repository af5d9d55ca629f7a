package dev.loupe.server;

import static dev.loupe.server.ServerFixture.assertError;
import static dev.loupe.server.ServerFixture.ids;
import static dev.loupe.server.ServerFixture.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.core.query.Hit;
import dev.loupe.core.query.SearchRequest;
import dev.loupe.engine.Loupe;
import dev.loupe.engine.query.HitJson;
import dev.loupe.engine.query.QueryOptions;
import dev.loupe.testing.SharedData;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read side of the API over a real index of real photos, called over real HTTP; every body checked against /openapi.json. */
class ReadApiTest {
  @TempDir static Path tmp;
  static ServerFixture fixture;
  static ServerFixture.Running server;
  static OpenApiCheck api;

  /** A test photo (not in the index) of a class that is. */
  static final Path LOTUS_QUERY = SharedData.caltechTest().resolve("lotus/image_0003.jpg");

  @BeforeAll
  static void start() throws Exception {
    fixture = ServerFixture.build(tmp);
    server = new ServerFixture.Running(fixture.options(), fixture.config);
    HttpResponse<String> doc = server.get("/openapi.json");
    assertEquals(200, doc.statusCode());
    api = new OpenApiCheck(doc.body());
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) server.close();
  }

  static String encode(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Test
  void anUploadedPhotoFindsItsClassAndTheHitsAreTheClisJsonByteForByte() throws Exception {
    byte[] photo = Files.readAllBytes(LOTUS_QUERY);
    HttpResponse<String> r = server.postMultipart("/search",
        new ServerFixture.Multipart().file("image", "lotus.jpg", photo).field("k", "20"));
    assertEquals(200, r.statusCode(), r.body());
    api.check("POST", "/search", r);
    JsonNode result = json(r);
    assertEquals("lotus.jpg", result.path("query").asText());
    assertEquals(20, result.path("hits").size());
    for (String id : ids(result).subList(0, 5)) assertTrue(id.startsWith("lotus/"), "5 lotus neighbours: " + ids(result));
    assertTrue(r.body().contains("\\u202e"), "the note of lotus/image_0001.jpg is among the hits, escaped: " + r.body());
    // The same search through the facade, serialised by the CLI's writer (HitJson): the same bytes.
    try (Loupe loupe = Loupe.open(fixture.index, fixture.config)) {
      List<Hit> hits = loupe.search(LOTUS_QUERY, SearchRequest.topK(20));
      assertEquals(HitJson.mapper().writeValueAsString(new HitJson.QueryResult("lotus.jpg", hits)), r.body());
    }
  }

  @Test
  void filtersMetricMinScoreAndKShapeTheAnswer() throws Exception {
    byte[] photo = Files.readAllBytes(LOTUS_QUERY);
    HttpResponse<String> filtered = server.postMultipart("/search", new ServerFixture.Multipart()
        .file("image", "q.jpg", photo).field("k", "30").field("filter", "label=watch").field("metric", "l2"));
    assertEquals(200, filtered.statusCode(), filtered.body());
    api.check("POST", "/search", filtered);
    assertEquals(10, json(filtered).path("hits").size());
    for (String id : ids(json(filtered))) assertTrue(id.startsWith("watch/"), id);
    HttpResponse<String> strict = server.postMultipart("/search", new ServerFixture.Multipart()
        .file("image", "q.jpg", photo).field("min_score", "0.999"));
    assertEquals(200, strict.statusCode(), strict.body());
    assertEquals(0, json(strict).path("hits").size(), "no indexed photo is this close to a test photo");
    assertError(server.postMultipart("/search", new ServerFixture.Multipart().file("image", "q.jpg", photo)
        .field("k", "1001")), 400, "max_k");
  }

  @Test
  void moreLikeThisAndRelevanceFeedbackGoThroughTheSameQueryPath() throws Exception {
    HttpResponse<String> like = server.postJson("/search", "{\"id\": \"watch/image_0001.jpg\", \"k\": 5}");
    assertEquals(200, like.statusCode(), like.body());
    api.check("POST", "/search", like);
    assertEquals("id:watch/image_0001.jpg", json(like).path("query").asText());
    assertEquals("watch/image_0001.jpg", ids(json(like)).get(0), "an item is most like itself");
    try (Loupe loupe = Loupe.open(fixture.index, fixture.config)) {
      List<Hit> hits = loupe.search((Path) null, SearchRequest.topK(5),
          QueryOptions.NONE.withFeedback(List.of("watch/image_0001.jpg"), List.of()));
      assertEquals(HitJson.mapper().writeValueAsString(new HitJson.QueryResult("id:watch/image_0001.jpg", hits)), like.body());
    }
    HttpResponse<String> feedback = server.postJson("/search",
        "{\"like\": [\"lotus/image_0001.jpg\", \"lotus/image_0002.jpg\"], \"unlike\": [\"watch/image_0001.jpg\"], \"k\": 3}");
    assertEquals(200, feedback.statusCode(), feedback.body());
    api.check("POST", "/search", feedback);
    for (String id : ids(json(feedback))) assertTrue(id.startsWith("lotus/"), id);
    JsonNode unknown = assertError(server.postJson("/search", "{\"id\": \"no/such.jpg\"}"), 400, null);
    assertTrue(unknown.path("error").asText().contains("no/such.jpg"), unknown.toString());
  }

  @Test
  void aTextQueryOnAnImageOnlyIndexIsOneClearError() throws Exception {
    HttpResponse<String> r = server.postJson("/search", "{\"text\": \"a red flower\"}");
    assertError(r, 400, null);
    api.check("POST", "/search", r);
  }

  @Test
  void badSearchRequestsAreNamed() throws Exception {
    JsonNode typo = assertError(server.postJson("/search", "{\"like\": [\"lotus/image_0001.jpg\"], \"min-score\": 0.5}"), 400, null);
    assertTrue(typo.path("error").asText().contains("min-score"), typo.toString());
    assertError(server.postJson("/search", "{\"like\": "), 400, null);
    assertError(server.postJson("/search", "{}"), 400, null);
    assertError(server.postJson("/search", "{\"like\": [\"lotus/image_0001.jpg\"], \"metric\": \"hamming\"}"), 400, null);
    assertError(server.postJson("/search?index=nope", "{\"id\": \"x\"}"), 404, null);
    assertError(server.postMultipart("/search", new ServerFixture.Multipart().file("image", "x.jpg",
        "not an image".getBytes(StandardCharsets.UTF_8))), 400, null);
    HttpResponse<String> text = server.send(java.net.http.HttpRequest.newBuilder(server.uri("/search"))
        .header("Content-Type", "text/plain").POST(java.net.http.HttpRequest.BodyPublishers.ofString("lotus")).build());
    assertError(text, 415, null);
    api.check("POST", "/search", text);
  }

  @Test
  void itemsAndTheirImagesAndThumbnails() throws Exception {
    String id = "lotus/image_0001.jpg";
    HttpResponse<String> item = server.get("/items/" + encode(id));
    assertEquals(200, item.statusCode(), item.body());
    api.check("GET", "/items/{id}", item);
    assertEquals("lotus", json(item).path("metadata").path("label").asText());
    Path file = Path.of(json(item).path("path").asText());
    HttpResponse<byte[]> image = server.getBytes("/items/" + encode(id) + "/image");
    assertEquals(200, image.statusCode());
    assertEquals("image/jpeg", image.headers().firstValue("Content-Type").orElse(""));
    assertArrayEquals(Files.readAllBytes(file), image.body());
    HttpResponse<byte[]> thumb = server.getBytes("/items/" + encode(id) + "/image?size=64");
    assertEquals(200, thumb.statusCode());
    assertEquals("image/jpeg", thumb.headers().firstValue("Content-Type").orElse(""));
    assertTrue(thumb.headers().firstValue("Cache-Control").orElse("").contains("max-age"), thumb.headers().toString());
    BufferedImage small = ImageIO.read(new ByteArrayInputStream(thumb.body()));
    assertEquals(64, Math.max(small.getWidth(), small.getHeight()), "fitted into a 64-pixel square");
    try (var cached = Files.list(server.server.thumbnailsFolder())) {
      assertEquals(1, cached.filter(p -> p.getFileName().toString().endsWith("-64.jpg")).count(), "one cached thumbnail");
    }
    HttpResponse<byte[]> again = server.getBytes("/items/" + encode(id) + "/image?size=64");
    assertArrayEquals(thumb.body(), again.body(), "served from the cache");
    HttpResponse<String> tooBig = server.get("/items/" + encode(id) + "/image?size=5000");
    assertError(tooBig, 400, "max_thumbnail_size");
    api.check("GET", "/items/{id}/image", tooBig);
    HttpResponse<String> missing = server.get("/items/" + encode("no/such.jpg"));
    assertError(missing, 404, null);
    api.check("GET", "/items/{id}", missing);
  }

  @Test
  void theThumbnailCacheStaysWithinItsBoundAndDeletesOnlyThumbnails() throws Exception {
    Path dir = tmp.resolve("small-cache");
    Files.createDirectories(dir);
    Path foreign = Files.writeString(dir.resolve("notes.txt"), "not a thumbnail");
    long bound = 12_000;
    ServerOptions opts = fixture.options().withThumbnails(dir, bound, 1024);
    try (ServerFixture.Running small = new ServerFixture.Running(opts, fixture.config)) {
      List<String> ids;
      try (var photos = Files.list(fixture.photos)) {
        ids = photos.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("airplanes_")).sorted().limit(6)
            .map(n -> "airplanes/" + n.substring("airplanes_".length())).toList();
      }
      for (String id : ids) {
        HttpResponse<byte[]> t = small.getBytes("/items/" + encode(id) + "/image?size=128");
        assertEquals(200, t.statusCode(), id);
      }
    }
    long total = 0;
    int thumbs = 0;
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        if (f.getFileName().toString().endsWith(".jpg")) {
          total += Files.size(f);
          thumbs++;
        }
      }
    }
    assertTrue(total <= bound, "thumbnails take " + total + " bytes, over the bound of " + bound);
    assertTrue(thumbs >= 1 && thumbs < 6, "the oldest were evicted: " + thumbs);
    assertTrue(Files.exists(foreign), "a file that is not a thumbnail is never deleted");
  }

  @Test
  void infoFieldsHealthReadyAndMetrics() throws Exception {
    HttpResponse<String> info = server.get("/info");
    assertEquals(200, info.statusCode(), info.body());
    api.check("GET", "/info", info);
    JsonNode idx = json(info).path("indexes").get(0);
    assertEquals("caltech", idx.path("name").asText());
    assertEquals(30, idx.path("items").asInt());
    assertEquals("mobilenetv2-tf2-ptq", idx.path("model").asText());
    assertEquals(1280, idx.path("dimension").asInt());
    assertFalse(idx.path("text").asBoolean());
    assertTrue(idx.path("sizeOnDiskBytes").asLong() > 0);
    assertEquals("[\"label\",\"note\"]", idx.path("fields").toString());
    HttpResponse<String> fields = server.get("/fields?index=caltech");
    assertEquals(200, fields.statusCode(), fields.body());
    api.check("GET", "/fields", fields);
    JsonNode label = json(fields).path("fields").get(0);
    assertEquals("label", label.path("name").asText());
    assertEquals(3, label.path("distinct").asInt());
    // 10 of each class; ties in count are listed by value.
    assertEquals("[{\"value\":\"airplanes\",\"count\":10},{\"value\":\"lotus\",\"count\":10},{\"value\":\"watch\",\"count\":10}]",
        label.path("values").toString());
    HttpResponse<String> health = server.get("/health");
    assertEquals(200, health.statusCode());
    api.check("GET", "/health", health);
    HttpResponse<String> ready = server.get("/ready");
    assertEquals(200, ready.statusCode());
    api.check("GET", "/ready", ready);
    server.postMultipart("/search", new ServerFixture.Multipart().file("image", "q.jpg", Files.readAllBytes(LOTUS_QUERY)));
    server.get("/items/" + encode("no/such.jpg"));
    HttpResponse<String> metrics = server.get("/metrics");
    assertEquals(200, metrics.statusCode());
    assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), metrics.headers().toString());
    String m = metrics.body();
    assertTrue(m.contains("loupe_http_requests_total{endpoint=\"/search\",method=\"POST\",status=\"200\"}"), m);
    assertTrue(m.contains("loupe_http_errors_total{endpoint=\"/items/{id}\",status=\"404\"}"), m);
    assertTrue(m.contains("loupe_http_request_duration_seconds_bucket{endpoint=\"/search\""), m);
    assertTrue(m.contains("loupe_embed_duration_seconds_count{index=\"caltech\"}"), m);
    assertTrue(m.contains("loupe_index_items{index=\"caltech\"} 30.0"), m);
    assertTrue(m.contains("loupe_index_size_bytes{index=\"caltech\"}"), m);
  }

  @Test
  void duplicatesGroupsNearCopies() throws Exception {
    HttpResponse<String> none = server.get("/duplicates?threshold=0.999");
    assertEquals(200, none.statusCode(), none.body());
    api.check("GET", "/duplicates", none);
    assertEquals(0, json(none).path("groups").size(), "30 different photos: " + none.body());
    HttpResponse<String> loose = server.get("/duplicates?threshold=0.5&neighbours=3");
    assertEquals(200, loose.statusCode(), loose.body());
    api.check("GET", "/duplicates", loose);
    assertTrue(json(loose).path("groups").size() >= 1, loose.body());
    for (JsonNode g : json(loose).path("groups")) {
      assertTrue(g.path("members").get(0).path("best").asBoolean(), g.toString());
      for (JsonNode m : g.path("members")) assertTrue(m.path("score").asDouble() > 0, g.toString());
    }
    // The default model has a measured default threshold; exact copies need none.
    HttpResponse<String> byDefault = server.get("/duplicates");
    assertEquals(200, byDefault.statusCode(), byDefault.body());
    api.check("GET", "/duplicates", byDefault);
    assertEquals("default", json(byDefault).path("thresholdSource").asText());
    HttpResponse<String> exact = server.get("/duplicates?exactOnly=true");
    assertEquals(200, exact.statusCode(), exact.body());
    api.check("GET", "/duplicates", exact);
    assertEquals(0, json(exact).path("summary").path("groups").asInt(), "30 different files: " + exact.body());
    HttpResponse<String> both = server.get("/duplicates?exactOnly=true&threshold=0.9");
    assertError(both, 400, null);
    api.check("GET", "/duplicates", both);
  }

  @Test
  void securityHeadersAndNoCorsUnlessConfigured() throws Exception {
    HttpResponse<String> r = server.send(java.net.http.HttpRequest.newBuilder(server.uri("/info"))
        .header("Origin", "https://evil.example").GET().build());
    assertEquals(200, r.statusCode());
    String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
    assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), csp);
    assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""));
    assertTrue(r.headers().firstValue("X-Frame-Options").orElse("").equalsIgnoreCase("DENY"), r.headers().toString());
    assertTrue(r.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), "CORS is off: " + r.headers());
    assertTrue(r.headers().firstValue("Server").isEmpty(), "no server version: " + r.headers());
  }

  @Test
  void corsWhenConfiguredAllowsOnlyTheListedOrigins() throws Exception {
    ServerOptions opts = fixture.options().withCors(java.util.Set.of("https://photos.example"));
    try (ServerFixture.Running cors = new ServerFixture.Running(opts, fixture.config)) {
      HttpResponse<String> ok = cors.send(java.net.http.HttpRequest.newBuilder(cors.uri("/info"))
          .header("Origin", "https://photos.example").GET().build());
      assertEquals("https://photos.example", ok.headers().firstValue("Access-Control-Allow-Origin").orElse(""), ok.headers().toString());
      HttpResponse<String> other = cors.send(java.net.http.HttpRequest.newBuilder(cors.uri("/info"))
          .header("Origin", "https://evil.example").GET().build());
      assertTrue(other.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), other.headers().toString());
    }
  }

  @Test
  void unknownEndpointIsAJsonError() throws Exception {
    assertError(server.get("/nope"), 404, null);
  }
}
