package dev.loupe.server;

import static dev.loupe.server.ServerFixture.assertError;
import static dev.loupe.server.ServerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.index.StoreCheck;
import dev.loupe.engine.Loupe;
import dev.loupe.testing.SharedData;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile clients: oversized bodies, a decompression bomb, traversal paths, a slow client, a burst over the
 * inference bound and 1,000 malformed requests. The server answers each with a JSON error naming the bound or
 * the reason, keeps serving, and the index loses nothing.
 */
class AbuseTest {
  @TempDir static Path tmp;
  static ServerFixture fixture;
  static ServerFixture.Running server;
  static OpenApiCheck api;
  static final long BODY_BOUND = 512 * 1024;
  static final Path QUERY = SharedData.caltechTest().resolve("lotus/image_0003.jpg");

  @BeforeAll
  static void start() throws Exception {
    fixture = ServerFixture.build(tmp);
    ServerOptions o = fixture.options();
    server = new ServerFixture.Running(o.withBounds(BODY_BOUND, o.maxPixels(), o.maxK(), 2, 4, Duration.ofSeconds(2)),
        fixture.config);
    api = new OpenApiCheck(server.get("/openapi.json").body());
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) server.close();
  }

  @Test
  void anOversizedBodyIs413NamingTheBound() throws Exception {
    byte[] big = new byte[(int) BODY_BOUND + 100_000];
    new Random(7).nextBytes(big);
    // As curl does for large bodies, the client waits for "100 Continue": the server refuses before the body is sent.
    ServerFixture.Multipart multipart = new ServerFixture.Multipart().file("image", "big.jpg", big);
    HttpResponse<String> upload = server.send(HttpRequest.newBuilder(server.uri("/search")).expectContinue(true)
        .header("Content-Type", multipart.contentType()).POST(HttpRequest.BodyPublishers.ofByteArray(multipart.bytes())).build());
    assertError(upload, 413, "max_body_bytes");
    api.check("POST", "/search", upload);
    HttpResponse<String> jsonBody = server.send(HttpRequest.newBuilder(server.uri("/search")).expectContinue(true)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"" + "a".repeat((int) BODY_BOUND + 10) + "\"}")).build());
    assertError(jsonBody, 413, "max_body_bytes");
    // Without a declared length (chunked), the bound is enforced while reading.
    HttpResponse<String> chunked = server.send(HttpRequest.newBuilder(server.uri("/search"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
            ("{\"text\": \"" + "a".repeat((int) BODY_BOUND + 10) + "\"}").getBytes(StandardCharsets.UTF_8)))).build());
    assertError(chunked, 413, "max_body_bytes");
    assertServing();
  }

  @Test
  void anUploadIsNeverWrittenToATemporaryFile() throws Exception {
    // Jetty spills multipart parts over its threshold to java.io.tmpdir (and deletes them after the request, so
    // the folder is watched while the request runs); the server's threshold is the body bound.
    Path temp = Path.of(System.getProperty("java.io.tmpdir"));
    try (java.nio.file.WatchService watch = temp.getFileSystem().newWatchService()) {
      temp.register(watch, java.nio.file.StandardWatchEventKinds.ENTRY_CREATE);
      byte[] photo = Files.readAllBytes(QUERY);
      byte[] padded = java.util.Arrays.copyOf(photo, (int) BODY_BOUND - 1000); // a JPEG with trailing bytes
      HttpResponse<String> r = server.postMultipart("/search", new ServerFixture.Multipart().file("image", "big.jpg", padded));
      assertEquals(200, r.statusCode(), r.body());
      List<String> spilled = new ArrayList<>();
      for (java.nio.file.WatchKey key; (key = watch.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS)) != null; ) {
        for (java.nio.file.WatchEvent<?> e : key.pollEvents()) {
          if (String.valueOf(e.context()).startsWith("MultiPart")) spilled.add(String.valueOf(e.context()));
        }
        key.reset();
      }
      assertTrue(spilled.isEmpty(), "multipart parts spilled to disk: " + spilled);
    }
  }

  @Test
  void aDecompressionBombIs413NamingThePixelBound() throws Exception {
    byte[] bomb = Bombs.png(8000, 8000); // 64 MP, 192 MB of pixels, over the 50 MP default
    assertTrue(bomb.length < BODY_BOUND, "a bomb is small: " + bomb.length);
    HttpResponse<String> r = server.postMultipart("/search", new ServerFixture.Multipart().file("image", "bomb.png", bomb));
    assertError(r, 413, "max_pixels");
    api.check("POST", "/search", r);
    assertServing();
  }

  @Test
  void noPathOrParameterReachesAFileOutsideTheIndexedItems() throws Exception {
    List<String> paths = List.of(
        "/items/..%2F..%2F..%2F..%2Fetc%2Fpasswd/image",
        "/items/%2Fetc%2Fpasswd/image",
        "/items/%252e%252e%252fetc%252fpasswd/image",
        "/items/%2e%2e%2f%2e%2e%2fetc%2fpasswd/image?size=64",
        "/items/lotus%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd/image",
        "/items/" + java.net.URLEncoder.encode(fixture.photos.resolve("lotus_image_0001.jpg").toString(), StandardCharsets.UTF_8) + "/image",
        "/items/lotus%2Fimage_0001.jpg/image?index=..%2F..%2Fetc");
    for (String p : paths) {
      HttpResponse<String> r = server.get(p);
      assertTrue(r.statusCode() == 404 || r.statusCode() == 400, p + " -> " + r.statusCode() + " " + r.body());
      assertFalse(r.body().contains("root:"), p + " leaked a file");
      assertError(r, r.statusCode(), null);
    }
    // Raw request lines, not normalised by any client.
    for (String line : List.of("GET /items/../../../../etc/passwd HTTP/1.1", "GET /../../etc/passwd HTTP/1.1",
        "GET /items/..%2f..%2f..%2fetc%2fpasswd/image HTTP/1.1", "GET //etc/passwd HTTP/1.1")) {
      String answer = raw(line + "\r\nHost: localhost\r\nConnection: close\r\n\r\n");
      assertTrue(answer.startsWith("HTTP/1.1 4"), line + " -> " + answer);
      assertFalse(answer.contains("root:"), line + " leaked a file");
    }
  }

  @Test
  void aFileSwappedForASymbolicLinkAfterIndexingIsNotServed() throws Exception {
    Path photo = fixture.photos.resolve("airplanes_image_0001.jpg");
    Path saved = tmp.resolve("saved.jpg");
    Files.move(photo, saved);
    try {
      Files.createSymbolicLink(photo, Path.of("/etc/passwd"));
      for (String q : List.of("", "?size=64")) {
        HttpResponse<String> r = server.get("/items/airplanes%2Fimage_0001.jpg/image" + q);
        assertError(r, 404, null);
        api.check("GET", "/items/{id}/image", r);
        assertFalse(r.body().contains("root:"), r.body());
      }
    } finally {
      Files.delete(photo);
      Files.move(saved, photo);
    }
    assertEquals(200, server.getBytes("/items/airplanes%2Fimage_0001.jpg/image").statusCode(), "the real file is served again");
  }

  @Test
  void aSlowClientLosesItsConnectionAfterTheRequestTimeBoundWhileOthersAreServed() throws Exception {
    long start = System.nanoTime();
    try (Socket slow = new Socket("127.0.0.1", server.server.port());
        Socket silent = new Socket("127.0.0.1", server.server.port())) {
      slow.setSoTimeout(15_000);
      silent.setSoTimeout(15_000);
      OutputStream out = slow.getOutputStream();
      // Headers promise a body that never comes.
      out.write(("POST /search HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"te")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      silent.getOutputStream().write("GET /hea".getBytes(StandardCharsets.US_ASCII)); // half a request line
      assertServing();
      String answer = readAll(slow.getInputStream());
      String nothing = readAll(silent.getInputStream());
      double seconds = (System.nanoTime() - start) / 1e9;
      assertTrue(seconds < 10, "closed after the 2 s bound, not left open: " + seconds + " s");
      assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 4") || answer.startsWith("HTTP/1.1 5"), answer);
      assertFalse(nothing.contains("200"), nothing);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server kept a slow connection open for 15 s", e);
    }
    assertServing();
  }

  @Test
  void aBurstOverTheInferenceBoundGets503WithRetryAfter() throws Exception {
    // 2 slots, 4 waiting: 16 slow searches at once (65 views each) cannot all be taken.
    byte[] photo = Files.readAllBytes(QUERY);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        answers.add(pool.submit(() -> server.postMultipart("/search",
            new ServerFixture.Multipart().file("image", "q.jpg", photo).field("tta", "64"))));
      }
      int ok = 0;
      int busy = 0;
      for (Future<HttpResponse<String>> f : answers) {
        HttpResponse<String> r = f.get();
        if (r.statusCode() == 200) {
          ok++;
        } else {
          assertEquals(503, r.statusCode(), r.body());
          assertEquals("1", r.headers().firstValue("Retry-After").orElse(""), r.headers().toString());
          String bound = json(r).path("bound").asText();
          assertTrue(bound.equals("max_queue") || bound.equals("request_timeout"), r.body());
          api.check("POST", "/search", r);
          busy++;
        }
      }
      assertTrue(ok >= 2, "the slots served some: " + ok);
      assertTrue(busy >= 1, "the rest were told to come back: " + busy);
    } finally {
      pool.shutdownNow();
    }
    assertServing();
  }

  @Test
  void aThousandMalformedRequestsLoseNothing() throws Exception {
    Random random = new Random(42);
    int serverErrors = 0;
    List<String> bodies = List.of("", "{", "[]", "null", "42", "\"text\"", "{\"k\": -1, \"like\": [\"x\"]}",
        "{\"k\": \"many\"}", "{\"like\": 7}", "{\"filters\": [1]}", "{\"text\": \"\"}", "{\"id\": \"\"}",
        "{\"min_score\": \"NaN\", \"like\": [\"lotus/image_0001.jpg\"]}", "{\"tta\": 1e10}", "{\"crops\": 11}",
        "{\"like\": [\"lotus/image_0001.jpg\"], \"qe_alpha\": -1}", "{\"like\": [\"lotus/image_0001.jpg\"], \"rerank\": 1001}", "\u0000\u0001\u0002", "{\"text\": {\"a\": 1}}");
    List<String> gets = List.of("/items/%00", "/duplicates?threshold=abc", "/duplicates?threshold=NaN",
        "/duplicates?threshold=0.9&neighbours=1000", "/items/x/image?size=-1", "/items/x/image?size=abc",
        "/fields?index=%2e%2e", "/search", "/items", "/info?index=nope", "/items/lotus%2Fimage_0001.jpg/image?size=1");
    for (int i = 0; i < 1000; i++) {
      HttpResponse<String> r;
      try {
      switch (i % 4) {
        case 0 -> r = server.postJson("/search", bodies.get(random.nextInt(bodies.size())));
        case 1 -> r = server.get(gets.get(random.nextInt(gets.size())));
        case 2 -> {
          byte[] junk = new byte[random.nextInt(2000)];
          random.nextBytes(junk);
          r = server.send(HttpRequest.newBuilder(server.uri("/search"))
              .header("Content-Type", random.nextBoolean() ? "multipart/form-data; boundary=xyz" : "application/octet-stream")
              .POST(HttpRequest.BodyPublishers.ofByteArray(junk)).build());
        }
        default -> {
          byte[] junk = new byte[random.nextInt(3000)];
          random.nextBytes(junk);
          r = server.postMultipart("/search", new ServerFixture.Multipart().file("image", "junk.jpg", junk)
              .field("k", Integer.toString(random.nextInt(3000) - 1000)));
        }
      }
      } catch (java.io.IOException e) {
        throw new AssertionError("request " + i + " (kind " + (i % 4) + ") lost its connection; log: " + server.log, e);
      }
      if (r.statusCode() >= 500) serverErrors++;
      assertTrue(r.statusCode() >= 400 && r.statusCode() < 500 || r.statusCode() == 200, i + ": " + r.statusCode() + " " + r.body() + "\n" + server.log);
      if (r.statusCode() != 200) assertError(r, r.statusCode(), null);
    }
    assertEquals(0, serverErrors);
    for (String line : List.of("GET /items/%ZZ HTTP/1.1", "GET /items/%00/image HTTP/1.1", "BREW /coffee HTTP/1.1",
        "GET /info HTTP/9.9", "GET /" + "a".repeat(20_000) + " HTTP/1.1")) {
      String answer = raw(line + "\r\nHost: localhost\r\nConnection: close\r\n\r\n");
      assertTrue(answer.startsWith("HTTP/1.1 4") || answer.startsWith("HTTP/1.1 5") && !answer.startsWith("HTTP/1.1 500"), line + " -> " + answer);
      String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
      assertTrue(body.isEmpty() || body.startsWith("{\"error\":"), "a JSON error: " + line + " -> " + answer);
    }
    for (int i = 0; i < 20; i++) {
      String answer = raw(new String(randomAscii(random, 1 + random.nextInt(300)), StandardCharsets.ISO_8859_1) + "\r\n\r\n");
      assertFalse(answer.contains("\tat ") || answer.contains("Exception"), "no stack trace: " + answer);
    }
    assertServing();
    assertEquals(30, json(server.get("/info")).path("indexes").get(0).path("items").asInt(), "nothing lost");
    StoreCheck check = Loupe.check(fixture.index, fixture.config);
    assertTrue(check.problems().isEmpty(), check.toString());
  }

  /** The server still answers health, readiness and a real search. */
  private static void assertServing() throws Exception {
    assertEquals(200, server.get("/health").statusCode());
    assertEquals(200, server.get("/ready").statusCode());
    HttpResponse<String> r = server.postMultipart("/search", new ServerFixture.Multipart()
        .file("image", "q.jpg", Files.readAllBytes(QUERY)).field("k", "3"));
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(3, json(r).path("hits").size());
  }

  private static byte[] randomAscii(Random random, int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) b[i] = (byte) (32 + random.nextInt(95));
    return b;
  }

  /** Sends raw bytes and reads the whole answer (the server closes, or 5 s pass). */
  private static String raw(String request) throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.server.port())) {
      s.setSoTimeout(5_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      return readAll(s.getInputStream());
    }
  }

  private static String readAll(InputStream in) throws java.io.IOException {
    try {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (java.net.SocketException e) {
      return ""; // reset by the server: closed, as wanted
    }
  }
}
