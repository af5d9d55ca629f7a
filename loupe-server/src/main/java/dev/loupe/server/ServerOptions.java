package dev.loupe.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a server is started with. Every bound is explicit, with a safe default ({@link #defaults}), and is
 * named in the JSON error of a request over it; docs/server.md lists them with their {@code loupe serve} options.
 *
 * @param indexes the indexes served; the first is the default of {@code ?index=}
 * @param bind the address to listen on (default loopback: exposing the server is a decision)
 * @param port the port; 0 picks a free one
 * @param token the bearer token writes need; null disables writes
 * @param tokenForReads whether reads need the token too
 * @param maxBodyBytes the largest request body (an upload): larger is refused with 413
 * @param maxPixels the decoder's pixel limit for uploads (decompression bombs): larger is refused with 413
 * @param maxK the largest {@code k} a search may ask for
 * @param maxInference searches and writes embedding at the same time (each holds a model call's memory)
 * @param maxQueue requests waiting for an inference slot; more get 503 with Retry-After
 * @param requestTimeout how long a request may wait for a slot; a silent connection (a slow client) is closed
 *     after it plus a grace ({@link #connectionIdleTimeout()})
 * @param maxDuplicateItems the largest index {@code GET /duplicates} scans (one search per item)
 * @param thumbnails the folder of the thumbnail cache, owned by the server
 * @param maxThumbnailBytes the thumbnail cache's size bound; the oldest thumbnails go first
 * @param maxThumbnailSize the largest {@code size} of {@code /items/{id}/image}
 * @param uploads the folder {@code POST /items} writes images into, owned by the server
 * @param corsOrigins origins allowed to call the API from a browser (empty: CORS off)
 * @param accessLog one line per request on stderr
 * @param fetchHosts hosts a search may fetch its image from by URL (empty: fetching is off)
 */
public record ServerOptions(List<NamedIndex> indexes, String bind, int port, String token, boolean tokenForReads,
    long maxBodyBytes, long maxPixels, int maxK, int maxInference, int maxQueue, Duration requestTimeout,
    int maxDuplicateItems, Path thumbnails, long maxThumbnailBytes, int maxThumbnailSize, Path uploads,
    Set<String> corsOrigins, boolean accessLog, Set<String> fetchHosts) {

  public static final String DEFAULT_BIND = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  /** 16 MiB: a large phone photo is 5-10 MB. */
  public static final long DEFAULT_MAX_BODY_BYTES = 16L << 20;
  /** 50 MP: a 48 MP phone photo passes; a 100 MP bomb decodes to 300 MB and does not. */
  public static final long DEFAULT_MAX_PIXELS = 50_000_000L;
  public static final int DEFAULT_MAX_K = 1000;
  public static final int DEFAULT_MAX_QUEUE = 32;
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_MAX_DUPLICATE_ITEMS = 20_000;
  public static final long DEFAULT_MAX_THUMBNAIL_BYTES = 256L << 20;
  public static final int DEFAULT_MAX_THUMBNAIL_SIZE = 1024;

  public ServerOptions {
    indexes = List.copyOf(indexes);
    if (indexes.isEmpty()) throw new IllegalArgumentException("give at least one index");
    if (indexes.stream().map(NamedIndex::name).distinct().count() != indexes.size()) {
      throw new IllegalArgumentException("two indexes have the same name; name them with NAME=PATH");
    }
    Objects.requireNonNull(bind, "bind");
    if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be in 0..65535, got: " + port);
    if (token != null && token.isBlank()) throw new IllegalArgumentException("the token is empty");
    if (tokenForReads && token == null) throw new IllegalArgumentException("reads need a token but none is given");
    positive("maxBodyBytes", maxBodyBytes);
    positive("maxPixels", maxPixels);
    positive("maxK", maxK);
    positive("maxInference", maxInference);
    if (maxQueue < 0) throw new IllegalArgumentException("maxQueue must be at least 0, got: " + maxQueue);
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive, got: " + requestTimeout);
    }
    positive("maxDuplicateItems", maxDuplicateItems);
    Objects.requireNonNull(thumbnails, "thumbnails");
    positive("maxThumbnailBytes", maxThumbnailBytes);
    if (maxThumbnailSize < 16 || maxThumbnailSize > 4096) {
      throw new IllegalArgumentException("maxThumbnailSize must be in 16..4096, got: " + maxThumbnailSize);
    }
    Objects.requireNonNull(uploads, "uploads");
    corsOrigins = Set.copyOf(corsOrigins);
    fetchHosts = Set.copyOf(fetchHosts);
  }

  /**
   * How long a connection may stay silent before it is closed: the request time bound plus a grace. A request
   * refused at the bound (no inference slot freed in time) was silent that long too; without the grace the
   * connection could close while its 503 is being written.
   */
  public Duration connectionIdleTimeout() {
    Duration half = requestTimeout.dividedBy(2);
    return requestTimeout.plus(half.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : half);
  }

  private static void positive(String name, long value) {
    if (value < 1) throw new IllegalArgumentException(name + " must be at least 1, got: " + value);
  }

  /**
   * Safe defaults for {@code indexes}: loopback, no writes, CORS off, no access log, and the server's own
   * folders under {@code state} ({@code state/thumbnails}, {@code state/uploads}).
   */
  public static ServerOptions defaults(List<NamedIndex> indexes, Path state) {
    return new ServerOptions(indexes, DEFAULT_BIND, DEFAULT_PORT, null, false, DEFAULT_MAX_BODY_BYTES,
        DEFAULT_MAX_PIXELS, DEFAULT_MAX_K, Math.max(1, Runtime.getRuntime().availableProcessors()),
        DEFAULT_MAX_QUEUE, DEFAULT_REQUEST_TIMEOUT, DEFAULT_MAX_DUPLICATE_ITEMS, state.resolve("thumbnails"),
        DEFAULT_MAX_THUMBNAIL_BYTES, DEFAULT_MAX_THUMBNAIL_SIZE, state.resolve("uploads"), Set.of(), false, Set.of());
  }

  public ServerOptions withListen(String b, int p) {
    return new ServerOptions(indexes, b, p, token, tokenForReads, maxBodyBytes, maxPixels, maxK, maxInference,
        maxQueue, requestTimeout, maxDuplicateItems, thumbnails, maxThumbnailBytes, maxThumbnailSize, uploads,
        corsOrigins, accessLog, fetchHosts);
  }

  public ServerOptions withToken(String t, boolean forReads) {
    return new ServerOptions(indexes, bind, port, t, forReads, maxBodyBytes, maxPixels, maxK, maxInference,
        maxQueue, requestTimeout, maxDuplicateItems, thumbnails, maxThumbnailBytes, maxThumbnailSize, uploads,
        corsOrigins, accessLog, fetchHosts);
  }

  public ServerOptions withBounds(long body, long pixels, int k, int inference, int queue, Duration timeout) {
    return new ServerOptions(indexes, bind, port, token, tokenForReads, body, pixels, k, inference, queue, timeout,
        maxDuplicateItems, thumbnails, maxThumbnailBytes, maxThumbnailSize, uploads, corsOrigins, accessLog, fetchHosts);
  }

  public ServerOptions withThumbnails(Path dir, long maxBytes, int maxSize) {
    return new ServerOptions(indexes, bind, port, token, tokenForReads, maxBodyBytes, maxPixels, maxK, maxInference,
        maxQueue, requestTimeout, maxDuplicateItems, dir, maxBytes, maxSize, uploads, corsOrigins, accessLog, fetchHosts);
  }

  public ServerOptions withUploads(Path dir) {
    return new ServerOptions(indexes, bind, port, token, tokenForReads, maxBodyBytes, maxPixels, maxK, maxInference,
        maxQueue, requestTimeout, maxDuplicateItems, thumbnails, maxThumbnailBytes, maxThumbnailSize, dir,
        corsOrigins, accessLog, fetchHosts);
  }

  public ServerOptions withMaxDuplicateItems(int n) {
    return new ServerOptions(indexes, bind, port, token, tokenForReads, maxBodyBytes, maxPixels, maxK, maxInference,
        maxQueue, requestTimeout, n, thumbnails, maxThumbnailBytes, maxThumbnailSize, uploads, corsOrigins, accessLog, fetchHosts);
  }

  public ServerOptions withCors(Set<String> origins) {
    return new ServerOptions(indexes, bind, port, token, tokenForReads, maxBodyBytes, maxPixels, maxK, maxInference,
        maxQueue, requestTimeout, maxDuplicateItems, thumbnails, maxThumbnailBytes, maxThumbnailSize, uploads,
        origins, accessLog, fetchHosts);
  }

  public ServerOptions withAccessLog(boolean on) {
    return new ServerOptions(indexes, bind, port, token, tokenForReads, maxBodyBytes, maxPixels, maxK, maxInference,
        maxQueue, requestTimeout, maxDuplicateItems, thumbnails, maxThumbnailBytes, maxThumbnailSize, uploads,
        corsOrigins, on, fetchHosts);
  }

  public ServerOptions withFetchHosts(Set<String> hosts) {
    return new ServerOptions(indexes, bind, port, token, tokenForReads, maxBodyBytes, maxPixels, maxK, maxInference,
        maxQueue, requestTimeout, maxDuplicateItems, thumbnails, maxThumbnailBytes, maxThumbnailSize, uploads,
        corsOrigins, accessLog, hosts);
  }
}
