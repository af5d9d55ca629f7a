package dev.loupe.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.core.query.Hit;
import dev.loupe.core.query.SearchRequest;
import dev.loupe.engine.Loupe;
import dev.loupe.engine.text.TextTowerTrainer;
import dev.loupe.engine.text.TowerFile;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text queries over HTTP on an index that answers text: the fixture's index with a tower trained from its labels
 * ("a photo of a LABEL", closed form), saved with the index as {@code loupe train-text --from-labels} saves it.
 */
class TextSearchApiTest {
  @TempDir static Path tmp;
  static ServerFixture fixture;
  static ServerFixture.Running server;
  static OpenApiCheck api;

  @BeforeAll
  static void start() throws Exception {
    fixture = ServerFixture.build(tmp);
    try (Loupe loupe = Loupe.open(fixture.index, fixture.config);
        TextTowerTrainer.Trained t = TextTowerTrainer.train(loupe.store(),
            new TextTowerTrainer.Options("label", true, 42, 0.2, null))) {
      TowerFile.write(fixture.index, t.base(), t.weights(), t.mean(), t.tower().info());
    }
    server = new ServerFixture.Running(fixture.options(), fixture.config);
    api = new OpenApiCheck(server.get("/openapi.json").body());
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) server.close();
  }

  @Test
  void wordsFindTheirClassAndTheHitsAreTheFacadesOwn() throws Exception {
    HttpResponse<String> info = server.get("/info");
    api.check("GET", "/info", info);
    assertTrue(ServerFixture.JSON.readTree(info.body()).path("indexes").get(0).path("text").asBoolean(), info.body());

    for (String label : ServerFixture.CLASSES) {
      HttpResponse<String> r = server.postJson("/search", "{\"text\": \"a photo of a " + label + "\", \"k\": 5}");
      assertEquals(200, r.statusCode(), r.body());
      api.check("POST", "/search", r);
      JsonNode body = ServerFixture.JSON.readTree(r.body());
      List<String> ids = new ArrayList<>();
      for (JsonNode h : body.path("hits")) ids.add(h.path("id").asText());
      assertEquals(5, ids.size(), r.body());
      for (String id : ids) assertTrue(id.startsWith(label + "/"), label + ": " + ids);
      // The server's text query is the facade's: same items, same order.
      try (Loupe loupe = Loupe.open(fixture.index, fixture.config)) {
        List<String> direct = loupe.searchText("a photo of a " + label, SearchRequest.topK(5)).stream().map(Hit::id).toList();
        assertEquals(direct, ids, label);
      }
    }
  }

  @Test
  void anEmptyTextIsOneClearError() throws Exception {
    HttpResponse<String> r = server.postJson("/search", "{\"text\": \"   \"}");
    assertEquals(400, r.statusCode(), r.body());
    api.check("POST", "/search", r);
    assertTrue(ServerFixture.JSON.readTree(r.body()).path("error").asText().length() > 0, r.body());
  }
}
