package dev.loupe.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.engine.LoupeConfig;
import dev.loupe.engine.query.HitJson;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.plugin.bundled.GlobalHeadersConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;

/**
 * The Loupe server: the REST API over one or more indexes (docs/server.md). {@link #start} opens the indexes and
 * listens; {@link #close} stops gracefully: no new connections, requests in flight finish (within the request
 * time bound), then the indexes close.
 *
 * <p>Searches go through the {@link dev.loupe.engine.Loupe} facade, the CLI's query path; hits are written by
 * {@link HitJson}, the CLI's JSON.
 */
public final class LoupeServer implements AutoCloseable {
  /** Nothing runs inline: scripts come from the page's own origin (the page slice serves them as files). */
  static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
      + " object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

  private final ServerOptions options;
  private final Indexes indexes;
  private final Javalin app;
  private final UrlFetcher fetcher;
  private volatile boolean closed;

  private LoupeServer(ServerOptions options, Indexes indexes, Javalin app, UrlFetcher fetcher) {
    this.options = options;
    this.indexes = indexes;
    this.app = app;
    this.fetcher = fetcher;
  }

  /**
   * Opens the indexes and starts listening. {@code log} receives the access log (if on) and the traces of
   * unexpected errors.
   */
  public static LoupeServer start(ServerOptions options, LoupeConfig config, PrintStream log) throws IOException {
    ServerFolders.check(options);
    // The server's pixel bound is the decoder's: uploads and POST /items decode with it, as indexing does.
    LoupeConfig bounded = config.withIndexing(config.indexing()
        .withDecode(config.indexing().decode().withMaxPixels(options.maxPixels())));
    Indexes indexes = Indexes.open(options.indexes(), bounded);
    UrlFetcher fetcher = new UrlFetcher(options.fetchHosts(), options.maxBodyBytes(), options.requestTimeout());
    try {
      Javalin app = create(options, indexes, fetcher, log);
      LoupeServer server = new LoupeServer(options, indexes, app, fetcher);
      app.start(options.bind(), options.port());
      for (Connector c : app.jettyServer().server().getConnectors()) {
        // A slow client (a trickle of bytes, or none) loses its connection after the request time bound and a grace.
        if (c instanceof ServerConnector sc) sc.setIdleTimeout(options.connectionIdleTimeout().toMillis());
      }
      return server;
    } catch (IOException | RuntimeException e) {
      fetcher.close();
      indexes.close();
      throw e;
    }
  }

  private static Javalin create(ServerOptions options, Indexes indexes, UrlFetcher fetcher, PrintStream log)
      throws IOException {
    ObjectMapper json = HitJson.mapper();
    InferenceGate gate = new InferenceGate(options.maxInference(), options.maxQueue(), options.requestTimeout());
    ServerMetrics metrics = new ServerMetrics(indexes, gate);
    ThumbnailCache thumbnails = new ThumbnailCache(options.thumbnails(), options.maxThumbnailBytes());
    BearerToken token = new BearerToken(options.token());
    ErrorResponses errors = new ErrorResponses(json, log, options);
    SearchEndpoint search = new SearchEndpoint(indexes, gate, metrics, json, options, fetcher);
    ItemsEndpoint items = new ItemsEndpoint(indexes, thumbnails, gate, json, options);
    InfoEndpoint info = new InfoEndpoint(indexes, json);
    DuplicatesEndpoint duplicates = new DuplicatesEndpoint(indexes, gate, json, options);
    WriteEndpoint writes = new WriteEndpoint(indexes, gate, json, options);
    ExplainEndpoint explain = new ExplainEndpoint(indexes, gate, json, options);
    byte[] openapi = resource("openapi.json");
    WebPage page = WebPage.load();
    long maxRequest = maxRequest(options);
    return Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.startup.showOldJavalinVersionWarning = false;
      cfg.http.maxRequestSize = maxRequest;
      cfg.http.asyncTimeout = options.requestTimeout().toMillis();
      // Every part in memory (threshold = bound): nothing a client sends is written to a temporary file.
      cfg.jetty.multipartConfig.maxFileSize(options.maxBodyBytes(), SizeUnit.BYTES);
      cfg.jetty.multipartConfig.maxTotalRequestSize(maxRequest, SizeUnit.BYTES);
      cfg.jetty.multipartConfig.maxInMemoryFileSize((int) Math.min(Integer.MAX_VALUE, maxRequest), SizeUnit.BYTES);
      cfg.jetty.modifyHttpConfiguration(http -> {
        http.setSendServerVersion(false);
        http.setIdleTimeout(options.connectionIdleTimeout().toMillis());
        // Ids are percent-encoded path segments and may hold '/' (%2F): allow it as data, never as a separator.
        http.setUriCompliance(UriCompliance.DEFAULT.with("loupe-ids", UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR,
            UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING));
      });
      cfg.jetty.modifyServletContextHandler(h -> h.getServletHandler().setDecodeAmbiguousURIs(true));
      cfg.jetty.modifyServer(server -> {
        // Graceful stop: connectors close, requests in flight finish within the request time bound.
        server.setStopTimeout(options.requestTimeout().toMillis());
        // Javalin attaches its servlet context inside an existing wrapper: this one counts requests in flight.
        server.setHandler(new GracefulHandler());
        server.setErrorHandler(new JsonErrorHandler());
      });
      cfg.bundledPlugins.enableGlobalHeaders(h -> {
        h.xContentTypeOptionsNoSniff();
        h.contentSecurityPolicy(CONTENT_SECURITY_POLICY);
        h.xFrameOptions(GlobalHeadersConfig.XFrameOptions.DENY);
        h.referrerPolicy(GlobalHeadersConfig.ReferrerPolicy.NO_REFERRER);
      });
      if (!options.corsOrigins().isEmpty()) {
        List<String> origins = options.corsOrigins().stream().sorted().toList();
        cfg.bundledPlugins.enableCors(cors -> cors.addRule(rule ->
            rule.allowHost(origins.get(0), origins.subList(1, origins.size()).toArray(String[]::new))));
      }
      cfg.requestLogger.http((ctx, ms) -> {
        String endpoint = endpointOf(ctx);
        metrics.request(endpoint, ctx.method().name(), ctx.statusCode(), ms / 1000.0);
        if (options.accessLog()) {
          log.printf(Locale.ROOT, "%s %s %s %d %.1fms%n", ctx.ip(), ctx.method().name(),
              escape(ctx.path()), ctx.statusCode(), ms);
        }
      });
      configureRoutes(cfg, options, json, errors, token, search, items, info, duplicates, writes, metrics, openapi);
      cfg.routes.get("/explain", explain::get);
      cfg.routes.post("/explain", explain::post);
      page.routes(cfg.routes);
    });
  }

  private static void configureRoutes(JavalinConfig cfg, ServerOptions options, ObjectMapper json, ErrorResponses errors,
      BearerToken token, SearchEndpoint search, ItemsEndpoint items, InfoEndpoint info, DuplicatesEndpoint duplicates,
      WriteEndpoint writes, ServerMetrics metrics, byte[] openapi) {
    var r = cfg.routes;
    r.exception(ApiError.class, errors::api);
    r.exception(HttpResponseException.class, errors::javalin);
    r.exception(IllegalArgumentException.class, errors::badRequest);
    r.exception(Exception.class, errors::unexpected);
    r.before(ctx -> {
      // Refused before any byte of the body is read, when the client declares its length.
      if (ctx.req().getContentLengthLong() > maxRequest(options)) {
        throw ApiError.bound(413, "max_body_bytes", options.maxBodyBytes(), "the request body is "
            + ctx.req().getContentLengthLong() + " bytes, over the bound of " + options.maxBodyBytes() + " (--max-body-bytes)");
      }
    });
    if (options.tokenForReads()) {
      r.before(ctx -> {
        // Liveness and readiness stay open: a probe carries no secret.
        if (!ctx.path().equals("/health") && !ctx.path().equals("/ready")) token.require(ctx, "reads");
      });
    }
    r.get("/health", info::health);
    r.get("/ready", info::ready);
    r.get("/info", info::info);
    r.get("/fields", info::fields);
    r.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openapi));
    r.get("/metrics", ctx -> ctx.contentType(metrics.contentType()).result(metrics.scrape()));
    r.post("/search", search::handle);
    r.post("/feedback", search.feedback()::handle);
    r.get("/duplicates", duplicates::handle);
    r.get("/items/{id}", items::item);
    r.get("/items/{id}/image", items::image);
    r.post("/items", ctx -> {
      token.require(ctx, "writes");
      writes.add(ctx);
    });
    r.delete("/items/{id}", ctx -> {
      token.require(ctx, "writes");
      writes.delete(ctx);
    });
  }

  /** The body bound plus room for multipart framing (boundaries, part headers, form fields). */
  private static long maxRequest(ServerOptions options) {
    return options.maxBodyBytes() + 64 * 1024;
  }

  /** The route's template (not the concrete path: ids must not become metric labels), or "unmatched". */
  private static String endpointOf(Context ctx) {
    try {
      String path = ctx.endpoint().path;
      return path == null || path.isEmpty() || path.equals("*") ? "unmatched" : path;
    } catch (RuntimeException e) {
      return "unmatched";
    }
  }

  private static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    s.codePoints().forEach(c -> {
      if (HitJson.needsEscape(c)) sb.append(String.format("\\x%02x", c)); else sb.appendCodePoint(c);
    });
    return sb.toString();
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = LoupeServer.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException("missing resource " + name);
      return in.readAllBytes();
    }
  }

  /** The port listened on (the one picked when the options said 0). */
  public int port() {
    return app.port();
  }

  /** The base URL, e.g. {@code http://127.0.0.1:8080/}. */
  public String url() {
    String host = options.bind().contains(":") ? "[" + options.bind() + "]" : options.bind();
    return "http://" + host + ":" + port() + "/";
  }

  /** The names of the indexes served, the default first. */
  public List<String> indexNames() {
    return indexes.all().stream().map(ServedIndex::name).toList();
  }

  /** Items in the last commit of index {@code name}. */
  public int items(String name) throws IOException {
    return indexes.get(name).loupe().store().size();
  }

  /** The folder {@code POST /items} writes uploaded images into. */
  public Path uploads() {
    return options.uploads();
  }

  /** The thumbnail cache's folder. */
  public Path thumbnailsFolder() {
    return options.thumbnails();
  }

  /**
   * Stops gracefully: the connectors stop accepting, requests in flight finish (Jetty waits up to the request time
   * bound), then every index closes.
   */
  @Override
  public synchronized void close() throws IOException {
    if (closed) return;
    closed = true;
    try {
      app.stop();
    } finally {
      fetcher.close();
      indexes.close();
    }
  }
}
