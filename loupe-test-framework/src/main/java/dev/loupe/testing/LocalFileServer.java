package dev.loupe.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 (ephemeral port) serving real files, standing in for a model hub that tests
 * cannot reach. It honours {@code Range: bytes=N-}, and can drop the connection half-way through the first
 * response of a path, to test resuming. Every request's Range header is recorded.
 */
public final class LocalFileServer implements AutoCloseable {
  private static final int CHUNK = 1 << 16;
  private final HttpServer server;
  private final java.util.concurrent.ExecutorService executor = Executors.newFixedThreadPool(4);
  private final Map<String, Path> files = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> dropFirst = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Long> pauseMillis = new ConcurrentHashMap<>();

  public LocalFileServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** Serves {@code file} at {@code /path}; returns its URL. */
  public URI serve(String path, Path file) {
    files.put("/" + path, file);
    return url(path);
  }

  /** The first request of {@code path} sends half the body, then closes the connection. */
  public void dropFirstRequest(String path) {
    dropFirst.put("/" + path, new AtomicInteger(1));
  }

  /** Sends {@code path} in 64 KiB chunks with a pause after each, so that a transfer lasts long enough to overlap. */
  public void throttle(String path, java.time.Duration pausePerChunk) {
    pauseMillis.put("/" + path, pausePerChunk.toMillis());
  }

  public URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + path);
  }

  /** "GET /path range" lines, in arrival order. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String range = exchange.getRequestHeaders().getFirst("Range");
    requests.add(exchange.getRequestMethod() + " " + path + " " + range);
    try (exchange) {
      Path file = files.get(path);
      if (file == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] bytes = Files.readAllBytes(file);
      int from = 0;
      if (range != null && range.startsWith("bytes=") && range.endsWith("-")) {
        from = Integer.parseInt(range.substring(6, range.length() - 1));
        exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (bytes.length - 1) + "/" + bytes.length);
        exchange.sendResponseHeaders(206, bytes.length - from);
      } else {
        exchange.sendResponseHeaders(200, bytes.length);
      }
      OutputStream body = exchange.getResponseBody();
      AtomicInteger drops = dropFirst.get(path);
      if (drops != null && drops.getAndDecrement() > 0) {
        int half = (bytes.length - from) / 2;
        body.write(bytes, from, half);
        body.flush();
        // Closing a fixed-length body early makes the server drop the connection: the client sees a cut transfer.
        return;
      }
      long pause = pauseMillis.getOrDefault(path, 0L);
      for (int at = from; at < bytes.length; at += CHUNK) {
        body.write(bytes, at, Math.min(CHUNK, bytes.length - at));
        if (pause > 0) {
          body.flush();
          sleep(pause);
        }
      }
    }
  }

  private static void sleep(long millis) throws IOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
