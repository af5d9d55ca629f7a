package dev.loupe.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code loupe serve} child process on a free loopback port: started, waited for until {@code GET /ready}
 * answers 200, asked for its item count, stopped with SIGTERM (killed if it does not stop).
 */
final class ServerProcess implements AutoCloseable {
  private static final Duration START_LIMIT = Duration.ofSeconds(120);
  private static final Pattern URL = Pattern.compile("http://127\\.0\\.0\\.1:\\d+/");
  private static final Pattern ITEMS = Pattern.compile("\"items\":(\\d+)");
  private static final Pattern IDLE = Pattern.compile("^loupe_inference_(running|waiting) 0\\.0$", Pattern.MULTILINE);

  private final LoupeProcess process;
  private final String url;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ServerProcess(LoupeProcess process, String url) {
    this.process = process;
    this.url = url;
  }

  /**
   * Serves {@code index} on port 0 (the server picks a free one and prints its URL on stdout), with the server's
   * own folders under {@code state}; {@code options} are further {@code loupe serve} options.
   */
  static ServerProcess start(Path index, Path models, Path state, List<String> options) throws Exception {
    List<String> args = new ArrayList<>(List.of("serve", "--index", index.toString(), "--port", "0",
        "--models", models.toString(), "--thumbnails", state.resolve("thumbnails").toString(),
        "--uploads", state.resolve("uploads").toString()));
    args.addAll(options);
    LoupeProcess p = LoupeProcess.start(state.resolve("logs"), "serve", args);
    try {
      ServerProcess server = new ServerProcess(p, awaitUrl(p));
      server.awaitReady();
      return server;
    } catch (Exception | Error e) {
      p.close();
      throw e;
    }
  }

  private static String awaitUrl(LoupeProcess p) throws Exception {
    long deadline = System.nanoTime() + START_LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      Matcher m = URL.matcher(p.stdout());
      if (m.find()) return m.group();
      if (!p.isAlive()) throw new IllegalStateException(p.command() + " ended before listening; stderr:\n" + p.stderr());
      Thread.sleep(50);
    }
    throw new IllegalStateException(p.command() + " printed no URL within " + START_LIMIT.toSeconds() + " s; stderr:\n"
        + p.stderr());
  }

  private void awaitReady() throws Exception {
    long deadline = System.nanoTime() + START_LIMIT.toNanos();
    int status = 0;
    while (System.nanoTime() < deadline) {
      try {
        status = get("ready").statusCode();
        if (status == 200) return;
      } catch (IOException e) {
        status = -1; // not accepting yet
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("GET /ready answered " + status + ", not 200, for " + START_LIMIT.toSeconds() + " s");
  }

  String url() {
    return url;
  }

  /** The served index's item count, as {@code GET /info} reports it. */
  int items() throws Exception {
    HttpResponse<String> info = get("info");
    Matcher m = ITEMS.matcher(info.body());
    if (info.statusCode() != 200 || !m.find()) {
      throw new IllegalStateException("GET /info answered " + info.statusCode() + ": " + info.body());
    }
    return Integer.parseInt(m.group(1));
  }

  /** Waits (at most {@code limit}) until the server reports {@code expected} items; returns the last count seen. */
  int awaitItems(int expected, Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    int items = items();
    while (items != expected && System.nanoTime() < deadline) {
      Thread.sleep(100);
      items = items();
    }
    return items;
  }

  /**
   * Waits (at most {@code limit}) until no model call runs or waits, per {@code GET /metrics}. wrk stops without
   * waiting for its last answers, so the searches it abandoned still hold the server's slots and queue; the next
   * window must not start on top of them (they would fill the queue: 503s that no real client caused).
   */
  void awaitIdle(Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    int idleChecks = 0;
    while (idleChecks < 2) { // twice in a row: a request between reading its body and the gate is not counted
      if (System.nanoTime() > deadline) throw new IllegalStateException("the server was still busy after " + limit.toSeconds() + " s");
      String metrics = get("metrics").body();
      idleChecks = IDLE.matcher(metrics).results().count() == 2 ? idleChecks + 1 : 0;
      Thread.sleep(100);
    }
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(10)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() throws InterruptedException {
    process.stop(Duration.ofSeconds(40)); // past --request-timeout (30 s), the graceful-stop wait
  }
}
