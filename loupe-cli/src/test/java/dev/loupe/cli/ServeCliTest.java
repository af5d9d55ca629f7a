package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.testing.SharedData;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loupe serve} as a real child process: its hits are {@code loupe search --format jsonl}'s byte for byte,
 * it sees what a {@code loupe index} run commits without a restart, and SIGTERM lets a request in flight finish
 * and leaves the index healthy ({@code loupe check}).
 */
class ServeCliTest {
  @TempDir static Path tmp;
  static Path index;
  static final String MODELS = SharedData.models().toString();
  static final Path QUERY = SharedData.caltechTest().resolve("lotus/image_0003.jpg");
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void buildIndex() {
    index = tmp.resolve("idx");
    CliTest.Run r = CliTest.loupe("index", "--model", "mobilenetv2-tf2-ptq",
        SharedData.caltechTrain().resolve("lotus").toString(),
        SharedData.caltechTrain().resolve("watch").toString(), "--index", index.toString(), "--models", MODELS);
    assertEquals(0, r.code(), r.err());
  }

  /** A {@code loupe serve} child JVM on a free port; its first stdout line is the URL. */
  record Child(Process process, String url, Path log) implements AutoCloseable {
    static Child start(Path index, Path state, String... extra) throws Exception {
      List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
          "-Xss8m", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
          Main.class.getName(), "serve", "--index", index.toString(), "--port", "0", "--models", MODELS,
          "--thumbnails", state.resolve("thumbs").toString(), "--uploads", state.resolve("uploads").toString()));
      cmd.addAll(List.of(extra));
      Path log = state.resolve("serve-" + UUID.randomUUID() + ".log");
      Files.createDirectories(state);
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(log.toFile());
      pb.environment().put("ORT_DISABLE_TELEMETRY", "1");
      Process p = pb.start();
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
        try {
          return out.readLine();
        } catch (java.io.IOException e) {
          return null;
        }
      });
      String url = line.get(120, TimeUnit.SECONDS);
      assertTrue(url != null && url.matches("http://127\\.0\\.0\\.1:\\d+/"), "URL line: " + url + "\n" + Files.readString(log));
      return new Child(p, url, log);
    }

    @Override
    public void close() throws Exception {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  static HttpRequest search(String url, byte[] image, String... fields) {
    String boundary = "b" + UUID.randomUUID().toString().replace("-", "");
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (int i = 0; i < fields.length; i += 2) {
      body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fields[i] + "\"\r\n\r\n"
          + fields[i + 1] + "\r\n").getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"q.jpg\"\r\n"
        + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    body.writeBytes(image);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return HttpRequest.newBuilder(URI.create(url + "search")).header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
  }

  static String hitsOf(String json) {
    return json.substring(json.indexOf("\"hits\":"));
  }

  @Test
  void hitsAreTheClisJsonAndCommitsOfALoupeIndexRunAreSeenWithoutARestart() throws Exception {
    try (Child child = Child.start(index, tmp.resolve("state1"))) {
      CliTest.Run cliAll = CliTest.loupe("search", "--index", index.toString(), "--models", MODELS, "-k", "7",
          "--format", "jsonl", QUERY.toString());
      assertEquals(0, cliAll.code(), cliAll.err());
      HttpResponse<String> served = http.send(search(child.url(), Files.readAllBytes(QUERY), "k", "7"),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, served.statusCode(), served.body());
      assertEquals(hitsOf(cliAll.out().strip()), hitsOf(served.body()), "the same hit bytes as loupe search --format jsonl");
      assertEquals(items(child.url()), 40);
      CliTest.Run more = CliTest.loupe("index", "--model", "mobilenetv2-tf2-ptq",
          SharedData.caltechTrain().resolve("airplanes").toString(),
          "--index", index.toString(), "--models", MODELS);
      assertEquals(0, more.code(), more.err());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (items(child.url()) != 60 && System.nanoTime() < deadline) Thread.sleep(100);
      assertEquals(60, items(child.url()), "the new commit is served without a restart");
      assertTrue(child.process().isAlive());
    }
  }

  private int items(String url) throws Exception {
    String info = http.send(HttpRequest.newBuilder(URI.create(url + "info")).build(), HttpResponse.BodyHandlers.ofString()).body();
    Matcher m = Pattern.compile("\"items\":(\\d+)").matcher(info);
    assertTrue(m.find(), info);
    return Integer.parseInt(m.group(1));
  }

  @Test
  void sigtermLetsTheRequestInFlightFinishAndTheIndexStaysHealthy() throws Exception {
    Child child = Child.start(index, tmp.resolve("state2"), "--access-log");
    try {
      // A slow search: 65 views of each of 5 crops.
      CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(
          search(child.url(), Files.readAllBytes(QUERY), "tta", "64", "crops", "5", "k", "3"),
          HttpResponse.BodyHandlers.ofString());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!running(child.url()) && !inFlight.isDone() && System.nanoTime() < deadline) Thread.sleep(20);
      assertTrue(!inFlight.isDone(), "the search was still running when SIGTERM was sent");
      child.process().destroy(); // SIGTERM
      HttpResponse<String> answer;
      try {
        answer = inFlight.get(60, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        child.process().waitFor(30, TimeUnit.SECONDS);
        throw new AssertionError("the request in flight was cut (exit " + child.process().exitValue() + "): " + Files.readString(child.log()), e);
      }
      assertEquals(200, answer.statusCode(), answer.body());
      assertTrue(answer.body().contains("\"rank\":3"), answer.body());
      assertTrue(child.process().waitFor(60, TimeUnit.SECONDS), "the server stopped");
      String log = Files.readString(child.log());
      assertTrue(log.contains("loupe: stopped"), log);
      assertTrue(log.contains("POST /search 200"), "the access log has the request: " + log);
    } finally {
      child.close();
    }
    CliTest.Run check = CliTest.loupe("check", "--index", index.toString());
    assertEquals(0, check.code(), check.out() + check.err());
  }

  /** Whether the server reports a model call running now (its /metrics gauge). */
  private boolean running(String url) throws Exception {
    String metrics = http.send(HttpRequest.newBuilder(URI.create(url + "metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    return metrics.contains("loupe_inference_running 1.0");
  }

  @Test
  void helpAndUsageErrors() {
    CliTest.Run help = CliTest.loupe("serve", "--help");
    assertEquals(0, help.code());
    for (String option : List.of("--index", "--port", "--bind", "--token-file", "--max-body-bytes", "--max-pixels",
        "--max-k", "--max-inference", "--max-queue", "--request-timeout", "--thumbnails", "--uploads", "--cors")) {
      assertTrue(help.out().contains(option), option + " in\n" + help.out());
    }
    CliTest.Run noIndex = CliTest.loupe("serve", "--index", "");
    assertEquals(2, noIndex.code(), noIndex.err());
    CliTest.Run badPort = CliTest.loupe("serve", "--index", index.toString(), "--port", "70000");
    assertEquals(2, badPort.code(), badPort.err());
    assertTrue(badPort.err().contains("--port"), badPort.err());
    // Refused before any connection: no Solr needs to listen at the address.
    CliTest.Run twoOnOneCollection = CliTest.loupe("serve", "--store", "solr://127.0.0.1:1/photos", "-i",
        "a=" + tmp.resolve("a"), "-i", "b=" + tmp.resolve("b"), "--models", MODELS);
    assertEquals(2, twoOnOneCollection.code(), twoOnOneCollection.err());
    assertEquals("loupe: error: --store solr://127.0.0.1:1/photos is one collection: serve it with one --index, got 2\n",
        twoOnOneCollection.err());
  }
}
