package dev.loupe.cli;

import dev.loupe.server.LoupeServer;
import dev.loupe.server.NamedIndex;
import dev.loupe.server.ServerOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Serve indexes over a REST API (docs/server.md): POST /search, GET /items/{id}[/image], /info,"
        + " /fields, /duplicates, /health, /ready, /metrics, /openapi.json; writes (POST /items, DELETE /items/{id})"
        + " only with --token-file.",
        "Prints the URL on stdout once listening; SIGTERM (Ctrl-C) stops gracefully: requests in flight finish, the"
        + " indexes close. Every bound below refuses a request over it with a JSON error naming the option."})
final class ServeCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = {"-i", "--index"}, paramLabel = "[NAME=]DIR", defaultValue = "${env:LOUPE_INDEX}",
      description = "Index to serve (repeatable; default: $LOUPE_INDEX). Named by its folder, or NAME=DIR; requests pick"
          + " one with ?index=NAME, the first is the default. Only one with --store solr://…: an address is one collection.")
  List<String> indexes = new ArrayList<>();

  @Option(names = "--port", paramLabel = "P", defaultValue = "" + ServerOptions.DEFAULT_PORT,
      description = "Port, 0 for a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--bind", paramLabel = "ADDR", defaultValue = ServerOptions.DEFAULT_BIND,
      description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 exposes the server).")
  String bind;

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "A file holding the bearer token that writes need (Authorization: Bearer TOKEN). Without it, writes are off.")
  Path tokenFile;

  @Option(names = "--token-for-reads", description = "Reads need the token too (except /health and /ready).")
  boolean tokenForReads;

  @Option(names = "--max-body-bytes", paramLabel = "N", defaultValue = "" + ServerOptions.DEFAULT_MAX_BODY_BYTES,
      description = "Largest request body (an upload); over it: 413 (default: ${DEFAULT-VALUE}, 16 MiB).")
  long maxBodyBytes;

  @Option(names = "--max-pixels", paramLabel = "N", defaultValue = "" + ServerOptions.DEFAULT_MAX_PIXELS,
      description = "Largest image an upload may decode to (decompression bombs); over it: 413 (default: ${DEFAULT-VALUE}).")
  long maxPixels;

  @Option(names = "--max-k", paramLabel = "N", defaultValue = "" + ServerOptions.DEFAULT_MAX_K,
      description = "Largest k (and qe) a search may ask for; over it: 400 (default: ${DEFAULT-VALUE}).")
  int maxK;

  @Option(names = "--max-inference", paramLabel = "N",
      description = "Model calls running at once (searches, thumbnails, writes) (default: the number of cores).")
  Integer maxInference;

  @Option(names = "--max-queue", paramLabel = "N", defaultValue = "" + ServerOptions.DEFAULT_MAX_QUEUE,
      description = "Requests waiting for a model call; more: 503 with Retry-After (default: ${DEFAULT-VALUE}).")
  int maxQueue;

  @Option(names = "--request-timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "How long a request may wait for a model call before it is refused with 503; a silent connection"
          + " (a slow client) is closed after it plus half of it; also the graceful-stop wait (default: ${DEFAULT-VALUE}).")
  int requestTimeout;

  @Option(names = "--max-duplicate-items", paramLabel = "N", defaultValue = "" + ServerOptions.DEFAULT_MAX_DUPLICATE_ITEMS,
      description = "Largest index GET /duplicates scans (one search per item); over it: 413 (default: ${DEFAULT-VALUE}).")
  int maxDuplicateItems;

  @Option(names = "--thumbnails", paramLabel = "DIR",
      description = "The thumbnail cache folder, owned by the server (default: $XDG_CACHE_HOME/loupe/thumbnails, else ~/.cache/loupe/thumbnails).")
  Path thumbnails;

  @Option(names = "--max-thumbnail-bytes", paramLabel = "N", defaultValue = "" + ServerOptions.DEFAULT_MAX_THUMBNAIL_BYTES,
      description = "Size bound of the thumbnail cache; the least recently used go first (default: ${DEFAULT-VALUE}, 256 MiB).")
  long maxThumbnailBytes;

  @Option(names = "--max-thumbnail-size", paramLabel = "N", defaultValue = "" + ServerOptions.DEFAULT_MAX_THUMBNAIL_SIZE,
      description = "Largest ?size of /items/{id}/image, 16..4096 (default: ${DEFAULT-VALUE}).")
  int maxThumbnailSize;

  @Option(names = "--uploads", paramLabel = "DIR",
      description = "Where POST /items writes uploaded images (UPLOADS/INDEX/SHA256.EXT), owned by the server, outside every"
          + " index (default: $XDG_DATA_HOME/loupe/uploads, else ~/.local/share/loupe/uploads).")
  Path uploads;

  @Option(names = "--cors", paramLabel = "ORIGIN",
      description = "An origin allowed to call the API from a browser page, e.g. https://photos.example (repeatable; default: none, CORS off).")
  List<String> cors = new ArrayList<>();

  @Option(names = "--fetch-host", paramLabel = "HOST",
      description = "A host that {\"url\": ...} searches may fetch their image from (repeatable; default: none, fetching by URL is"
          + " off: a server that fetches any URL can be made to reach what only it can reach).")
  List<String> fetchHosts = new ArrayList<>();

  @Option(names = "--access-log", description = "One line per request on stderr (client, method, path, status, time).")
  boolean accessLog;

  @Mixin CommonOptions common;

  @Mixin StoreOption store;

  @Override
  public Integer call() throws Exception {
    ServerOptions options = options();
    PrintWriter err = spec.commandLine().getErr();
    err.printf("loupe: opening %d index%s...%n", options.indexes().size(), options.indexes().size() == 1 ? "" : "es");
    err.flush();
    // The server's stderr: the access log and traces of unexpected errors (never sent to clients).
    PrintStream log = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8);
    LoupeServer server = LoupeServer.start(options, store.on(common.config()), log);
    CountDownLatch stop = new CountDownLatch(1);
    // SIGTERM and SIGINT start the graceful stop here, not in a shutdown hook: ONNX Runtime's own shutdown hook
    // frees its native environment while a model call may still run (the JVM dies with SIGSEGV, the request is
    // lost). Handling the signal keeps the JVM alive until requests in flight have finished; only then does it exit.
    for (String name : List.of("TERM", "INT")) {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> stop.countDown());
      } catch (IllegalArgumentException e) {
        // A signal this platform does not have, or one the JVM reserves: its default action stays.
      }
    }
    for (String name : server.indexNames()) {
      err.printf("loupe: serving index %s (%d items)%n", Printable.escape(name), server.items(name));
    }
    err.flush();
    PrintWriter out = spec.commandLine().getOut();
    out.println(server.url());
    out.flush();
    stop.await();
    log.println("loupe: stopping (requests in flight finish)...");
    server.close();
    log.println("loupe: stopped");
    return 0;
  }

  private ServerOptions options() throws IOException {
    List<String> specs = new ArrayList<>();
    for (String s : indexes) if (s != null && !s.isBlank()) specs.add(s);
    if (specs.isEmpty()) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "Missing required option: '--index=[NAME=]DIR' (or set LOUPE_INDEX)");
    }
    if (store.isAddress() && specs.size() > 1) {
      // Every --index would open the same collection: one index under several names, with a writer each.
      throw new ErrorHandler.UsageException("--store " + store.store + " is one collection: serve it with one --index,"
          + " got " + specs.size());
    }
    List<NamedIndex> named = new ArrayList<>();
    for (String s : specs) named.add(ErrorHandler.fromOptions(() -> NamedIndex.parse(s)));
    OptionChecks.range("--port", port, 0, 65535);
    OptionChecks.range("--request-timeout", requestTimeout, 1, 3600);
    OptionChecks.range("--max-k", maxK, 1, SearchCommand.MAX_TOP);
    OptionChecks.range("--max-queue", maxQueue, 0, 100_000);
    OptionChecks.range("--max-thumbnail-size", maxThumbnailSize, 16, 4096);
    if (maxInference != null) OptionChecks.range("--max-inference", maxInference, 1, 1024);
    if (maxBodyBytes < 1) throw new ErrorHandler.UsageException("--max-body-bytes must be at least 1, got: " + maxBodyBytes);
    if (maxPixels < 1) throw new ErrorHandler.UsageException("--max-pixels must be at least 1, got: " + maxPixels);
    if (maxThumbnailBytes < 1) throw new ErrorHandler.UsageException("--max-thumbnail-bytes must be at least 1, got: " + maxThumbnailBytes);
    if (maxDuplicateItems < 1) throw new ErrorHandler.UsageException("--max-duplicate-items must be at least 1, got: " + maxDuplicateItems);
    if (tokenForReads && tokenFile == null) throw new ErrorHandler.UsageException("--token-for-reads needs --token-file");
    ServerOptions o = ErrorHandler.fromOptions(() -> ServerOptions.defaults(named, Path.of(".")))
        .withListen(bind, port)
        .withBounds(maxBodyBytes, maxPixels, maxK, maxInference != null ? maxInference
            : Math.max(1, Runtime.getRuntime().availableProcessors()), maxQueue, Duration.ofSeconds(requestTimeout))
        .withMaxDuplicateItems(maxDuplicateItems)
        .withThumbnails(thumbnails != null ? thumbnails : xdg("XDG_CACHE_HOME", ".cache").resolve("loupe/thumbnails"),
            maxThumbnailBytes, maxThumbnailSize)
        .withUploads(uploads != null ? uploads : xdg("XDG_DATA_HOME", ".local/share").resolve("loupe/uploads"))
        .withCors(new LinkedHashSet<>(cors))
        .withFetchHosts(new LinkedHashSet<>(fetchHosts))
        .withAccessLog(accessLog);
    if (tokenFile != null) o = o.withToken(readToken(tokenFile), tokenForReads);
    return o;
  }

  private static Path xdg(String variable, String fallback) {
    String dir = System.getenv(variable);
    return dir != null && !dir.isBlank() ? Path.of(dir) : Path.of(System.getProperty("user.home")).resolve(fallback);
  }

  /** The token: the file's first line, trimmed; an empty one is an error (it would let anyone write). */
  private static String readToken(Path file) throws IOException {
    String token = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("").trim();
    if (token.length() < 16) {
      throw new ErrorHandler.UsageException("--token-file " + file + " must hold a token of at least 16 characters on its first line");
    }
    return token;
  }
}
