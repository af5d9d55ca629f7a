package dev.loupe.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.engine.Loupe;
import dev.loupe.engine.LoupeConfig;
import dev.loupe.engine.catalog.CatalogEntry;
import dev.loupe.engine.catalog.CsvCatalog;
import dev.loupe.engine.catalog.SourceScanner;
import dev.loupe.engine.index.IndexListener;
import dev.loupe.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A small real index for server tests: 10 Caltech-20 training photos of each of three classes (airplanes, lotus,
 * watch) as a CSV catalogue with a {@code label} column, embedded by the default model
 * ({@code mobilenetv2-tf2-ptq}, from ../shared/models). Built once per test class; servers over it listen on a free
 * loopback port and are called over real HTTP.
 */
final class ServerFixture {
  static final List<String> CLASSES = List.of("airplanes", "lotus", "watch");
  static final ObjectMapper JSON = new ObjectMapper();

  final Path root;
  final Path photos;
  final Path index;
  final LoupeConfig config = LoupeConfig.defaults().withModelDirs(List.of(SharedData.models()));

  private ServerFixture(Path root) {
    this.root = root;
    this.photos = root.resolve("photos");
    this.index = root.resolve("caltech.idx");
  }

  static ServerFixture build(Path root) throws IOException {
    ServerFixture f = new ServerFixture(root);
    Files.createDirectories(f.photos);
    // A "note" on the first photo of each class holds a right-to-left override and a C1 control: the CLI's JSON
    // escapes them (HitJson), a plain JSON writer would not, so byte-for-byte comparisons of hits mean something.
    StringBuilder csv = new StringBuilder("id,image,label,note\n");
    for (String label : CLASSES) {
      List<Path> files = SharedData.filesUnder(SharedData.caltechTrain().resolve(label)).subList(0, 10);
      for (Path file : files) {
        String name = label + "_" + file.getFileName();
        Files.copy(file, f.photos.resolve(name));
        String note = file.equals(files.get(0)) ? "first \u202e" + label + " \u009b" : "";
        csv.append(label).append('/').append(file.getFileName()).append(',').append(name).append(',').append(label)
            .append(',').append(note).append('\n');
      }
    }
    Path catalog = f.photos.resolve("catalog.csv");
    Files.writeString(catalog, csv);
    List<CatalogEntry> entries = new SourceScanner(new CsvCatalog("id", "image"), Map.of()).scan(List.of(catalog));
    assertEquals(30, entries.size());
    try (Loupe loupe = Loupe.openOrCreate(f.index, f.config)) {
      loupe.index(entries, IndexListener.NONE);
    }
    return f;
  }

  ServerOptions options() {
    return ServerOptions.defaults(List.of(new NamedIndex("caltech", index)), root.resolve("state-" + UUID.randomUUID()))
        .withListen("127.0.0.1", 0);
  }

  /** A started server and a client for it; the log collects the server's stderr lines. */
  static final class Running implements AutoCloseable {
    final LoupeServer server;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    final ByteArrayOutputStream log = new ByteArrayOutputStream();

    Running(ServerOptions options, LoupeConfig config) throws IOException {
      this.server = LoupeServer.start(options, config, new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    URI uri(String pathAndQuery) {
      return URI.create(server.url() + pathAndQuery.substring(1));
    }

    HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
      return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET().build());
    }

    HttpResponse<byte[]> getBytes(String pathAndQuery) throws IOException, InterruptedException {
      return http.send(HttpRequest.newBuilder(uri(pathAndQuery)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> postJson(String pathAndQuery, String json) throws IOException, InterruptedException {
      return send(HttpRequest.newBuilder(uri(pathAndQuery)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    HttpResponse<String> postMultipart(String pathAndQuery, Multipart body, String... headers)
        throws IOException, InterruptedException {
      HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery)).header("Content-Type", body.contentType())
          .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes()));
      if (headers.length > 0) b.headers(headers);
      return send(b.build());
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws IOException {
      server.close();
      http.close();
    }
  }

  /** A multipart/form-data body built by hand: the JDK client has none, and the bytes are what a browser sends. */
  static final class Multipart {
    private final String boundary = "loupe" + UUID.randomUUID().toString().replace("-", "");
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Multipart field(String name, String value) {
      write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
      return this;
    }

    Multipart file(String name, String filename, byte[] bytes) {
      write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename
          + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
      out.writeBytes(bytes);
      write("\r\n");
      return this;
    }

    String contentType() {
      return "multipart/form-data; boundary=" + boundary;
    }

    byte[] bytes() {
      ByteArrayOutputStream copy = new ByteArrayOutputStream();
      copy.writeBytes(out.toByteArray());
      copy.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
      return copy.toByteArray();
    }

    private void write(String s) {
      out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
  }

  static JsonNode json(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body());
  }

  /** The response is an error of {@code status} whose JSON names {@code bound} (null: no bound expected). */
  static JsonNode assertError(HttpResponse<String> response, int status, String bound) throws IOException {
    assertEquals(status, response.statusCode(), response.body());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), response.headers().toString());
    assertEquals(1, response.body().strip().lines().count(), "one JSON line: " + response.body());
    JsonNode error = json(response);
    assertTrue(error.path("error").isTextual() && !error.path("error").asText().isEmpty(), response.body());
    assertTrue(!response.body().contains("\tat ") && !response.body().contains("Exception"), "no stack trace: " + response.body());
    if (bound != null) assertEquals(bound, error.path("bound").asText(), response.body());
    return error;
  }

  static List<String> ids(JsonNode result) {
    List<String> ids = new ArrayList<>();
    for (JsonNode h : result.path("hits")) ids.add(h.path("id").asText());
    return ids;
  }
}
