package dev.loupe.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.index.StoreCheck;
import dev.loupe.engine.Loupe;
import dev.loupe.testing.SharedData;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** close() (what SIGTERM runs) lets a request in flight finish, refuses new ones, and closes the index cleanly. */
class GracefulStopTest {
  @Test
  void aRequestInFlightFinishesAndTheIndexClosesCleanly(@TempDir Path tmp) throws Exception {
    ServerFixture fixture = ServerFixture.build(tmp);
    ServerFixture.Running server = new ServerFixture.Running(fixture.options(), fixture.config);
    byte[] photo = Files.readAllBytes(SharedData.caltechTest().resolve("lotus/image_0003.jpg"));
    ServerFixture.Multipart slow = new ServerFixture.Multipart().file("image", "q.jpg", photo)
        .field("tta", "64").field("crops", "5").field("k", "3");
    CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(() -> {
      try {
        return server.postMultipart("/search", slow);
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!server.get("/metrics").body().contains("loupe_inference_running 1.0") && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertFalse(inFlight.isDone(), "the search is still running");
    server.close();
    HttpResponse<String> answer = inFlight.get(60, TimeUnit.SECONDS);
    assertEquals(200, answer.statusCode(), answer.body());
    assertTrue(answer.body().contains("\"rank\":3"), answer.body());
    StoreCheck check = Loupe.check(fixture.index, fixture.config);
    assertTrue(check.problems().isEmpty(), check.toString());
  }
}
