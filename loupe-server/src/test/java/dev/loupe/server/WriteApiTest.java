package dev.loupe.server;

import static dev.loupe.server.ServerFixture.assertError;
import static dev.loupe.server.ServerFixture.ids;
import static dev.loupe.server.ServerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.engine.Loupe;
import dev.loupe.engine.catalog.CatalogEntry;
import dev.loupe.engine.index.IndexListener;
import dev.loupe.testing.SharedData;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes over real HTTP: only with the bearer token, through the indexer and its commit (searches see them once
 * committed), uploads kept in the server's own folder, and commits of another writer seen without a restart.
 */
class WriteApiTest {
  static final String TOKEN = "s3cret-token-for-tests";
  @TempDir static Path tmp;
  static ServerFixture fixture;
  static ServerFixture.Running server;
  static OpenApiCheck api;

  @BeforeAll
  static void start() throws Exception {
    fixture = ServerFixture.build(tmp);
    server = new ServerFixture.Running(fixture.options().withToken(TOKEN, false), fixture.config);
    api = new OpenApiCheck(server.get("/openapi.json").body());
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) server.close();
  }

  static String auth(String token) {
    return "Bearer " + token;
  }

  @Test
  void writesNeedTheToken() throws Exception {
    byte[] photo = Files.readAllBytes(SharedData.caltechTest().resolve("watch/image_0002.jpg"));
    long uploadsBefore = uploadCount();
    HttpResponse<String> none = server.postMultipart("/items", new ServerFixture.Multipart().file("image", "w.jpg", photo));
    assertError(none, 401, null);
    api.check("POST", "/items", none);
    assertEquals("Bearer", none.headers().firstValue("WWW-Authenticate").orElse(""));
    HttpResponse<String> wrong = server.postMultipart("/items", new ServerFixture.Multipart().file("image", "w.jpg", photo),
        "Authorization", auth("guess"));
    assertError(wrong, 403, null);
    api.check("POST", "/items", wrong);
    HttpResponse<String> delete = server.send(java.net.http.HttpRequest.newBuilder(server.uri("/items/lotus%2Fimage_0001.jpg"))
        .DELETE().build());
    assertError(delete, 401, null);
    api.check("DELETE", "/items/{id}", delete);
    assertEquals(200, server.get("/items/lotus%2Fimage_0001.jpg").statusCode(), "nothing was deleted");
    assertEquals(uploadsBefore, uploadCount(), "nothing was written");
    // A server started without a token takes no writes at all.
    try (ServerFixture.Running readOnly = new ServerFixture.Running(fixture.options(), fixture.config)) {
      HttpResponse<String> off = readOnly.postMultipart("/items", new ServerFixture.Multipart().file("image", "w.jpg", photo),
          "Authorization", auth(TOKEN));
      assertError(off, 403, null);
      assertTrue(json(off).path("error").asText().contains("--token-file"), off.body());
    }
  }

  @Test
  void withTokenForReadsEveryReadButHealthAndReadinessNeedsTheToken() throws Exception {
    try (ServerFixture.Running closed = new ServerFixture.Running(fixture.options().withToken(TOKEN, true), fixture.config)) {
      assertError(closed.get("/info"), 401, null);
      assertError(closed.send(java.net.http.HttpRequest.newBuilder(closed.uri("/info")).header("Authorization", auth("nope")).build()), 403, null);
      assertEquals(200, closed.send(java.net.http.HttpRequest.newBuilder(closed.uri("/info"))
          .header("Authorization", auth(TOKEN)).build()).statusCode());
      assertError(closed.postJson("/search", "{\"id\": \"lotus/image_0001.jpg\"}"), 401, null);
      assertEquals(200, closed.get("/health").statusCode());
      assertEquals(200, closed.get("/ready").statusCode());
    }
  }

  @Test
  void anUploadIsIndexedSearchableAndDeletable() throws Exception {
    byte[] photo = Files.readAllBytes(SharedData.caltechTest().resolve("lotus/image_0003.jpg"));
    HttpResponse<String> added = server.postMultipart("/items", new ServerFixture.Multipart()
        .file("image", "../../evil name.jpg", photo).field("id", "new/lotus").field("metadata", "{\"label\": \"lotus\", \"source\": \"upload\"}"),
        "Authorization", auth(TOKEN));
    assertEquals(201, added.statusCode(), added.body());
    api.check("POST", "/items", added);
    assertEquals("indexed", json(added).path("items").get(0).path("outcome").asText(), added.body());
    // The file is named by its bytes, inside the server's uploads folder; the client's file name is not used.
    Path folder = server.server.uploads().resolve("caltech");
    Path stored = folder.resolve(dev.loupe.core.io.Checksums.sha256(photo) + ".jpg");
    assertTrue(Files.isRegularFile(stored), stored.toString());
    JsonNode hits = awaitSearch(photo, 1);
    assertEquals("new/lotus", ids(hits).get(0), "searches see the committed upload: " + hits);
    HttpResponse<String> item = server.get("/items/new%2Flotus");
    assertEquals(200, item.statusCode(), item.body());
    assertEquals("upload", json(item).path("metadata").path("source").asText());
    HttpResponse<String> deleted = server.send(java.net.http.HttpRequest.newBuilder(server.uri("/items/new%2Flotus"))
        .header("Authorization", auth(TOKEN)).DELETE().build());
    assertEquals(200, deleted.statusCode(), deleted.body());
    api.check("DELETE", "/items/{id}", deleted);
    assertTrue(json(deleted).path("uploadRemoved").asBoolean());
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (server.get("/items/new%2Flotus").statusCode() != 404 && System.nanoTime() < deadline) Thread.sleep(50);
    assertEquals(404, server.get("/items/new%2Flotus").statusCode());
    assertFalse(Files.exists(stored), "the server's own upload file went with the item");
    HttpResponse<String> again = server.send(java.net.http.HttpRequest.newBuilder(server.uri("/items/new%2Flotus"))
        .header("Authorization", auth(TOKEN)).DELETE().build());
    assertError(again, 404, null);
    // The user's own photos are never touched by a delete.
    HttpResponse<String> own = server.send(java.net.http.HttpRequest.newBuilder(server.uri("/items/watch%2Fimage_0001.jpg"))
        .header("Authorization", auth(TOKEN)).DELETE().build());
    assertEquals(200, own.statusCode(), own.body());
    assertFalse(json(own).path("uploadRemoved").asBoolean());
    assertTrue(Files.isRegularFile(fixture.photos.resolve("watch_image_0001.jpg")), "the user's file is still there");
  }

  @Test
  void aBombUploadIsRefusedBeforeAnythingIsWritten() throws Exception {
    HttpResponse<String> r = server.postMultipart("/items?index=caltech",
        new ServerFixture.Multipart().file("image", "bomb.png", Bombs.png(8000, 8000)), "Authorization", auth(TOKEN));
    assertError(r, 413, "max_pixels");
    api.check("POST", "/items", r);
    Path folder = server.server.uploads().resolve("caltech");
    if (Files.exists(folder)) {
      try (Stream<Path> files = Files.list(folder)) {
        assertTrue(files.noneMatch(p -> p.toString().endsWith(".png")), "the bomb never reached the disk");
      }
    }
  }

  @Test
  void theServerSeesAnotherWritersCommitsAndRefusesToWriteWhileItHoldsTheLock() throws Exception {
    int before = json(server.get("/info")).path("indexes").get(0).path("items").asInt();
    Path extra = SharedData.caltechTest().resolve("airplanes/image_0003.jpg");
    try (Loupe writer = Loupe.openOrCreate(fixture.index, fixture.config)) {
      long uploadsBefore = uploadCount();
      HttpResponse<String> locked = server.postMultipart("/items", new ServerFixture.Multipart()
          .file("image", "a.jpg", Files.readAllBytes(extra)), "Authorization", auth(TOKEN));
      assertError(locked, 409, null);
      api.check("POST", "/items", locked);
      assertEquals(uploadsBefore, uploadCount(), "a refused write leaves no upload behind");
      writer.index(List.of(new CatalogEntry("other/writer", extra, Map.of())), IndexListener.NONE);
    }
    long deadline = System.nanoTime() + 5_000_000_000L;
    int after = before;
    while (after == before && System.nanoTime() < deadline) {
      Thread.sleep(50);
      after = json(server.get("/info")).path("indexes").get(0).path("items").asInt();
    }
    assertEquals(before + 1, after, "the other writer's commit is seen without a restart");
    assertEquals(200, server.get("/items/other%2Fwriter").statusCode());
  }

  private static long uploadCount() throws java.io.IOException {
    if (!Files.exists(server.server.uploads())) return 0;
    try (Stream<Path> files = Files.walk(server.server.uploads())) {
      return files.filter(Files::isRegularFile).count();
    }
  }

  /** Searches with {@code photo} until a hit appears (commits are seen within the store's 0.5 s refresh). */
  private static JsonNode awaitSearch(byte[] photo, int k) throws Exception {
    long deadline = System.nanoTime() + 5_000_000_000L;
    JsonNode result;
    do {
      HttpResponse<String> r = server.postMultipart("/search", new ServerFixture.Multipart()
          .file("image", "q.jpg", photo).field("k", Integer.toString(k)).field("min_score", "0.99"));
      assertEquals(200, r.statusCode(), r.body());
      result = json(r);
      if (result.path("hits").size() > 0) return result;
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    return result;
  }
}
