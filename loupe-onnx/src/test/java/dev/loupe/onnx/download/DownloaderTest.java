package dev.loupe.onnx.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.io.Checksums;
import dev.loupe.testing.LocalFileServer;
import dev.loupe.testing.SharedData;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The downloader end to end against a real HTTP server on loopback serving real model files from ../shared. */
class DownloaderTest {
  static final Path SQUEEZENET = SharedData.models().resolve("squeezenet1.1/squeezenet1.1_fp32_features.onnx");
  static final Path MOBILENET = SharedData.models().resolve("mobilenetv2-tf2-ptq/tf2_mobilenet_v2_1.0_224_ptq_features.onnx");

  @TempDir Path cache;
  LocalFileServer server;
  final Downloader downloader = Downloader.fromEnvironment(Map.of());
  final List<String> notes = new java.util.concurrent.CopyOnWriteArrayList<>();
  final DownloadListener listener = new DownloadListener() {
    @Override
    public void note(DownloadFile file, String message) {
      notes.add(message);
    }
  };

  @BeforeEach
  void start() {
    server = new LocalFileServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** The real file's catalogue entry, with its size and SHA-256 computed here from the file itself. */
  DownloadFile entry(String file, Path source) throws Exception {
    return new DownloadFile(file, server.serve("repo/" + source.getFileName(), source), Files.size(source),
        Checksums.sha256(source));
  }

  @Test
  void downloadsChecksAndMovesIntoPlace() throws Exception {
    DownloadFile f = entry("squeezenet/model.onnx", SQUEEZENET);
    List<Long> progress = new ArrayList<>();
    Path got = downloader.pull(f, cache, new DownloadListener() {
      @Override
      public void progress(DownloadFile file, long bytes) {
        progress.add(bytes);
      }
    });
    assertEquals(cache.resolve("squeezenet/model.onnx"), got);
    assertEquals(Files.size(SQUEEZENET), Files.size(got));
    assertEquals(Checksums.sha256(SQUEEZENET), Checksums.sha256(got));
    assertFalse(Files.exists(cache.resolve("squeezenet/model.onnx.part")));
    assertEquals(Files.size(SQUEEZENET), progress.getLast());
    // A second pull finds the checked file and sends no request.
    int requests = server.requests().size();
    downloader.pull(f, cache, DownloadListener.NONE);
    assertEquals(requests, server.requests().size());
  }

  @Test
  void resumesWithARangeRequestAfterADroppedConnection() throws Exception {
    DownloadFile f = entry("mobilenet.onnx", MOBILENET);
    server.dropFirstRequest("repo/" + MOBILENET.getFileName());
    Path got = downloader.pull(f, cache, listener);
    assertEquals(Checksums.sha256(MOBILENET), Checksums.sha256(got));
    List<String> requests = server.requests();
    assertEquals(2, requests.size(), requests.toString());
    assertTrue(requests.get(0).endsWith(" null"), "first request asks for the whole file: " + requests);
    assertTrue(requests.get(1).matches(".* bytes=[1-9][0-9]*-"), "second request resumes: " + requests);
    assertTrue(notes.stream().anyMatch(n -> n.startsWith("resuming at byte")), notes.toString());
  }

  @Test
  void resumesAPartialFileLeftByAnEarlierRun() throws Exception {
    DownloadFile f = entry("squeezenet.onnx", SQUEEZENET);
    byte[] bytes = Files.readAllBytes(SQUEEZENET);
    Files.write(cache.resolve("squeezenet.onnx.part"), java.util.Arrays.copyOf(bytes, 1000));
    downloader.pull(f, cache, listener);
    assertEquals(List.of("GET /repo/" + SQUEEZENET.getFileName() + " bytes=1000-"), server.requests());
    assertEquals(Checksums.sha256(SQUEEZENET), Checksums.sha256(cache.resolve("squeezenet.onnx")));
  }

  @Test
  void notFoundNamesTheUrlAndTheManualAlternative() throws Exception {
    DownloadFile f = new DownloadFile("x.onnx", server.url("repo/missing.onnx"), 10, "0".repeat(64));
    DownloadException e = assertThrows(DownloadException.class, () -> downloader.pull(f, cache, listener));
    assertTrue(e.getMessage().startsWith("HTTP 404 from " + f.url()), e.getMessage());
    assertTrue(e.getMessage().contains("--models"), e.getMessage());
    assertNoFiles(cache, "x.onnx");
  }

  @Test
  void wrongChecksumDeletesThePartialFileAndSaysSo() throws Exception {
    DownloadFile real = entry("squeezenet.onnx", SQUEEZENET);
    DownloadFile f = new DownloadFile(real.file(), real.url(), real.size(), "ab".repeat(32));
    DownloadException e = assertThrows(DownloadException.class, () -> downloader.pull(f, cache, listener));
    assertTrue(e.getMessage().startsWith("checksum mismatch: expected SHA-256 " + "ab".repeat(32)), e.getMessage());
    assertTrue(e.getMessage().contains("deleted the partial file"), e.getMessage());
    assertNoFiles(cache, "squeezenet.onnx");
  }

  @Test
  void sizeMismatchDeletesThePartialFile() throws Exception {
    DownloadFile real = entry("squeezenet.onnx", SQUEEZENET);
    for (long size : new long[] {real.size() - 1, real.size() + 1}) {
      DownloadFile f = new DownloadFile(real.file(), real.url(), size, real.sha256());
      DownloadException e = assertThrows(DownloadException.class, () -> downloader.pull(f, cache, listener));
      assertTrue(e.getMessage().startsWith("size mismatch"), e.getMessage());
      assertTrue(e.getMessage().contains("deleted the partial file"), e.getMessage());
      assertNoFiles(cache, "squeezenet.onnx");
    }
  }

  @Test
  void aCacheFolderThatCannotBeCreatedFailsWithOneLine() throws Exception {
    // Root can write anywhere, but nobody can create a folder under a regular file.
    Path regularFile = Files.writeString(cache.resolve("not-a-folder"), "x");
    DownloadFile f = entry("squeezenet/model.onnx", SQUEEZENET);
    DownloadException e = assertThrows(DownloadException.class,
        () -> downloader.pull(f, regularFile.resolve("models"), listener));
    assertTrue(e.getMessage().startsWith("cannot create model folder " + regularFile.resolve("models/squeezenet")),
        e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
    assertEquals(0, server.requests().size());
  }

  @Test
  void anExistingDifferentFileIsNeverOverwritten() throws Exception {
    DownloadFile f = entry("model.onnx", SQUEEZENET);
    Files.writeString(cache.resolve("model.onnx"), "the user's own file");
    DownloadException e = assertThrows(DownloadException.class, () -> downloader.pull(f, cache, listener));
    assertTrue(e.getMessage().contains("exists but is not the catalogue's file"), e.getMessage());
    assertEquals("the user's own file", Files.readString(cache.resolve("model.onnx")));
  }

  @Test
  void twoPullsOfTheSameFileAtOnceBothSucceedWithOneCheckedFile() throws Exception {
    DownloadFile f = entry("mobilenet/model.onnx", MOBILENET);
    CyclicBarrier together = new CyclicBarrier(2);
    Callable<Path> pull = () -> {
      together.await();
      return downloader.pull(f, cache, listener);
    };
    ExecutorService two = Executors.newFixedThreadPool(2);
    try {
      Future<Path> a = two.submit(pull);
      Future<Path> b = two.submit(pull);
      assertEquals(a.get(), b.get());
    } finally {
      two.shutdownNow();
    }
    assertEquals(Checksums.sha256(MOBILENET), Checksums.sha256(cache.resolve("mobilenet/model.onnx")));
    try (Stream<Path> files = Files.list(cache.resolve("mobilenet"))) {
      assertEquals(List.of("model.onnx", "model.onnx.lock"), files.map(p -> p.getFileName().toString()).sorted().toList());
    }
    assertEquals(1, server.requests().size(), "the second pull found the first one's file: " + server.requests());
  }

  @Test
  void goesThroughTheProxyOfTheEnvironment() throws Exception {
    // The host does not exist (.invalid never resolves): only a client that asks the proxy can get the file.
    // The local server plays the proxy; an HTTP proxy receives the absolute URL and serves it by path here.
    server.serve("repo/" + SQUEEZENET.getFileName(), SQUEEZENET);
    URI viaProxy = URI.create("http://hub.example.invalid/repo/" + SQUEEZENET.getFileName());
    DownloadFile f = new DownloadFile("squeezenet.onnx", viaProxy, Files.size(SQUEEZENET), Checksums.sha256(SQUEEZENET));
    Downloader proxied = Downloader.fromEnvironment(Map.of("HTTP_PROXY", "http://127.0.0.1:" + server.url("").getPort()));
    Path got = proxied.pull(f, cache, listener);
    assertEquals(Checksums.sha256(SQUEEZENET), Checksums.sha256(got));
    assertEquals(1, server.requests().size(), server.requests().toString());
  }

  @Test
  void anUnreachableHostNamesTheUrlAndTheManualAlternative() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort(); // closed at once: nothing listens there any more
    }
    URI url = URI.create("http://127.0.0.1:" + port + "/repo/model.onnx");
    DownloadFile f = new DownloadFile("model.onnx", url, 10, "0".repeat(64));
    Downloader quick = new Downloader(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), 3,
        Duration.ofSeconds(5), Duration.ofSeconds(5));
    DownloadException e = assertThrows(DownloadException.class, () -> quick.pull(f, cache, listener));
    assertTrue(e.getMessage().startsWith("cannot reach " + url), e.getMessage());
    assertTrue(e.getMessage().endsWith("put it in a --models directory as model.onnx"), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
  }

  @Test
  void anUnknownHostSaysSo() throws Exception {
    // .invalid never resolves (RFC 2606), with or without network.
    DownloadFile f = new DownloadFile("model.onnx", URI.create("http://hub.example.invalid/model.onnx"), 10, "0".repeat(64));
    DownloadException e = assertThrows(DownloadException.class, () -> downloader.pull(f, cache, listener));
    assertEquals("cannot reach http://hub.example.invalid/model.onnx (host not found); download the file elsewhere"
        + " and put it in a --models directory as model.onnx", e.getMessage());
  }

  private static void assertNoFiles(Path dir, String name) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      List<String> left = files.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith(name) && !n.endsWith(".lock")).toList();
      assertEquals(List.of(), left);
    }
  }
}
