package dev.loupe.server;

import static dev.loupe.server.ServerFixture.assertError;
import static dev.loupe.server.ServerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.testing.SharedData;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET/POST /explain} over the real fixture index (real photos, the float default model), over real HTTP. */
class ExplainApiTest {
  @TempDir static Path tmp;
  static ServerFixture fixture;
  static ServerFixture.Running server;
  static OpenApiCheck api;

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

  static String encode(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The grids sum to the score the search by id reports for that hit, and the JSON is the documented one. */
  @Test
  void jsonGridsSumToTheSearchScore() throws Exception {
    HttpResponse<String> search = server.postJson("/search", "{\"id\": \"lotus/image_0001.jpg\", \"k\": 3}");
    assertEquals(200, search.statusCode(), search.body());
    JsonNode hit = json(search).path("hits").get(1);
    String hitId = hit.path("id").asText();
    HttpResponse<String> r = server.get("/explain?query=" + encode("lotus/image_0001.jpg") + "&hit=" + encode(hitId)
        + "&format=json");
    assertEquals(200, r.statusCode(), r.body());
    api.check("GET", "/explain", r);
    JsonNode e = json(r);
    assertEquals(7, e.path("hitGrid").path("rows").asInt(), "MobileNetV2: a 7 x 7 map");
    for (String side : new String[] {"hitGrid", "queryGrid"}) {
      double sum = 0;
      for (JsonNode v : e.path(side).path("values")) sum += v.asDouble();
      assertEquals(hit.path("score").asDouble(), sum, 1e-4, side);
    }
    assertEquals(hit.path("score").asDouble(), e.path("score").asDouble(), 1e-4);
  }

  /** The PNG is the picture fitted into the asked box, for either side, by id or by upload. */
  @Test
  void pngOfTheStatedSize() throws Exception {
    // lotus/image_0002.jpg of caltech20 train; its size read from the file, fitted into 128.
    BufferedImage original = ImageIO.read(SharedData.caltechTrain().resolve("lotus/image_0002.jpg").toFile());
    double scale = Math.min(1.0, 128.0 / Math.max(original.getWidth(), original.getHeight()));
    HttpResponse<byte[]> r = server.getBytes("/explain?query=" + encode("lotus/image_0001.jpg") + "&hit="
        + encode("lotus/image_0002.jpg") + "&size=128");
    assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
    assertEquals("image/png", r.headers().firstValue("Content-Type").orElse(""));
    BufferedImage png = ImageIO.read(new ByteArrayInputStream(r.body()));
    assertEquals(Math.round(original.getWidth() * scale), png.getWidth());
    assertEquals(Math.round(original.getHeight() * scale), png.getHeight());
    assertTrue(Double.parseDouble(r.headers().firstValue("X-Loupe-Score").orElseThrow()) > 0);

    byte[] upload = Files.readAllBytes(SharedData.caltechTest().resolve("lotus/image_0003.jpg"));
    HttpResponse<String> json = server.postMultipart("/explain", new ServerFixture.Multipart()
        .file("image", "q.jpg", upload).field("hit", "lotus/image_0002.jpg").field("format", "json"));
    assertEquals(200, json.statusCode(), json.body());
    api.check("POST", "/explain", json);
    assertEquals("upload", json(json).path("query").asText());
  }

  /** An index of raw pixels has no feature map: 400 with the reason, asked twice (the second answer is cached). */
  @Test
  void anIndexWithoutFeatureMapSaysSo() throws Exception {
    Path px = tmp.resolve("pixels.idx");
    dev.loupe.engine.LoupeConfig config = fixture.config.withModel("pixels-16").withMetric(dev.loupe.core.query.Metric.COSINE);
    try (dev.loupe.engine.Loupe loupe = dev.loupe.engine.Loupe.openOrCreate(px, config)) {
      loupe.index(new dev.loupe.engine.catalog.SourceScanner(new dev.loupe.engine.catalog.CsvCatalog("id", "image"),
          java.util.Map.of()).scan(java.util.List.of(fixture.photos.resolve("lotus_image_0001.jpg"),
          fixture.photos.resolve("lotus_image_0002.jpg"))), dev.loupe.engine.index.IndexListener.NONE);
    }
    ServerOptions options = ServerOptions.defaults(java.util.List.of(new NamedIndex("px", px)), tmp.resolve("px-state"))
        .withListen("127.0.0.1", 0);
    try (ServerFixture.Running pixels = new ServerFixture.Running(options, config)) {
      String id = encode(fixture.photos.resolve("lotus_image_0001.jpg").toAbsolutePath().toString());
      for (int i = 0; i < 2; i++) {
        HttpResponse<String> r = pixels.get("/explain?query=" + id + "&hit=" + id + "&format=json");
        JsonNode e = assertError(r, 400, null);
        assertTrue(e.path("error").asText().contains("no spatial feature map"), r.body());
        api.check("GET", "/explain", r);
      }
    }
  }

  @Test
  void boundsAndMissingThingsAreOneLineErrors() throws Exception {
    String q = "/explain?query=" + encode("lotus/image_0001.jpg");
    assertError(server.get(q + "&hit=" + encode("lotus/image_0002.jpg") + "&size=100000"), 400, "max_thumbnail_size");
    assertError(server.get(q + "&hit=" + encode("lotus/image_0002.jpg") + "&side=left"), 400, null);
    assertError(server.get(q + "&hit=nothing"), 404, null);
    assertError(server.get(q), 400, null);
    // The hit's file deleted after indexing: 404 naming the item, as /items/{id}/image answers.
    Files.delete(fixture.photos.resolve("watch_image_0003.jpg"));
    HttpResponse<String> gone = server.get(q + "&hit=" + encode("watch/image_0003.jpg") + "&format=json");
    JsonNode e = assertError(gone, 404, null);
    assertTrue(e.path("error").asText().contains("watch/image_0003.jpg"), gone.body());
    api.check("GET", "/explain", gone);
  }
}
