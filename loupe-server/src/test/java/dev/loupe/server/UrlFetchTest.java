package dev.loupe.server;

import static dev.loupe.server.ServerFixture.assertError;
import static dev.loupe.server.ServerFixture.ids;
import static dev.loupe.server.ServerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.testing.LocalFileServer;
import dev.loupe.testing.SharedData;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code {"url": ...}} searches: off by default, and when on only from the hosts listed (server-side request forgery). */
class UrlFetchTest {
  @TempDir static Path tmp;
  static ServerFixture fixture;
  static LocalFileServer files;
  static OpenApiCheck api;

  @BeforeAll
  static void start() throws Exception {
    fixture = ServerFixture.build(tmp);
    files = new LocalFileServer();
    files.serve("lotus.jpg", SharedData.caltechTest().resolve("lotus/image_0003.jpg"));
  }

  @AfterAll
  static void stop() {
    if (files != null) files.close();
  }

  @Test
  void fetchingIsOffByDefault() throws Exception {
    try (ServerFixture.Running server = new ServerFixture.Running(fixture.options(), fixture.config)) {
      api = new OpenApiCheck(server.get("/openapi.json").body());
      int before = files.requests().size();
      HttpResponse<String> r = server.postJson("/search", "{\"url\": \"" + files.url("lotus.jpg") + "\"}");
      assertError(r, 400, null);
      api.check("POST", "/search", r);
      assertEquals(before, files.requests().size(), "nothing was fetched: " + files.requests());
    }
  }

  @Test
  void onlyListedHostsAreFetchedAndRedirectsOrOtherSchemesAreRefused() throws Exception {
    ServerOptions options = fixture.options().withFetchHosts(Set.of("127.0.0.1"));
    try (ServerFixture.Running server = new ServerFixture.Running(options, fixture.config)) {
      OpenApiCheck check = new OpenApiCheck(server.get("/openapi.json").body());
      HttpResponse<String> ok = server.postJson("/search", "{\"url\": \"" + files.url("lotus.jpg") + "\", \"k\": 3}");
      assertEquals(200, ok.statusCode(), ok.body());
      check.check("POST", "/search", ok);
      for (String id : ids(json(ok))) assertTrue(id.startsWith("lotus/"), ok.body());
      int fetched = files.requests().size();
      String other = files.url("lotus.jpg").toString().replace("127.0.0.1", "localhost");
      assertError(server.postJson("/search", "{\"url\": \"" + other + "\"}"), 400, "fetch_hosts");
      for (String url : List.of("file:///etc/passwd", "ftp://127.0.0.1/x.jpg", "http://user:pw@127.0.0.1:1/x.jpg", "not a url")) {
        assertError(server.postJson("/search", "{\"url\": \"" + url + "\"}"), 400, null);
      }
      assertError(server.postJson("/search", "{\"url\": \"" + files.url("missing.jpg") + "\"}"), 400, null);
      assertEquals(fetched + 1, files.requests().size(), "only the listed host's missing file was asked for: " + files.requests());
    }
  }
}
