package dev.loupe.bench;

import dev.loupe.core.util.FileTrees;
import dev.loupe.engine.Loupe;
import dev.loupe.engine.LoupeConfig;
import dev.loupe.engine.catalog.SourceScanner;
import dev.loupe.report.Markdown;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The server under load, against the same searches in process. Builds a real index of the Caltech-20 training
 * photos (a {@code loupe index} child process), then, with the test photos as queries:
 * <ol>
 *   <li>in process: {@code connections} threads search through the {@link Loupe} facade, as {@code loupe search};
 *   <li>a {@code loupe serve} child process, {@code wrk} posting the photos on {@code connections} connections;
 *   <li>the same while {@code loupe index} processes add copies of the test photos to the served index, after
 *       which the server must report every added item (it sees other processes' commits without a restart).
 * </ol>
 * Each window is preceded by an unmeasured warm-up (the JIT, ONNX Runtime's first calls). The in-process side
 * runs first, on the same 400-item index the first HTTP window sees, and is closed before the server starts so
 * the two never compete for the cores.
 */
final class LoadBench {
  /** Longest wait for the searches wrk abandoned at the end of a window: 16 searches take a few seconds. */
  private static final Duration IDLE_LIMIT = Duration.ofSeconds(60);
  private final Path shared;
  private final String model;
  private final int seconds;
  private final int connections;
  private final int k;
  private final String wrk;
  private final List<String> serveArgs;

  /** A finished run: the Markdown report, and whether it met the bar (no errors, every added item served). */
  record Report(String markdown, boolean passed) {}

  LoadBench(Path shared, String model, int seconds, int connections, int k, String wrk, List<String> serveArgs) {
    this.shared = shared;
    this.model = model;
    this.seconds = seconds;
    this.connections = connections;
    this.k = k;
    this.wrk = wrk;
    this.serveArgs = List.copyOf(serveArgs);
  }

  /** The warm-up before each window: a tenth of it, at least a second. */
  int warmupSeconds() {
    return Math.max(1, seconds / 10);
  }

  /**
   * The server's bounds for this load: one model call per core (the default), and a queue that holds every
   * other connection, so a closed-loop client never meets a 503 (the default queue, 32, would too, up to 33
   * connections on one core; this states the need instead of relying on it).
   */
  List<String> serverOptions() {
    List<String> options = new ArrayList<>();
    // A --serve-arg naming the same option replaces ours (picocli refuses an option given twice).
    if (!given("--max-inference")) options.addAll(List.of("--max-inference", "" + Runtime.getRuntime().availableProcessors()));
    if (!given("--max-queue")) options.addAll(List.of("--max-queue", "" + connections));
    options.addAll(serveArgs);
    return options;
  }

  private boolean given(String option) {
    return serveArgs.stream().anyMatch(a -> a.equals(option) || a.startsWith(option + "="));
  }

  Report run() throws Exception {
    Path caltech = shared.resolve("data/caltech20");
    Path models = shared.resolve("models");
    List<Path> queries = SourceScanner.imagesUnder(caltech.resolve("test"));
    Path work = Files.createTempDirectory("loupe-bench-load");
    try {
      Path index = work.resolve("caltech20.idx");
      progress("indexing %s into %s", caltech.resolve("train"), index);
      LoupeProcess.run(work.resolve("logs"), "index-train", List.of("index", caltech.resolve("train").toString(),
          "--index", index.toString(), "--models", models.toString(), "--model", model), Duration.ofMinutes(10));
      List<LoadResult> rows = new ArrayList<>();
      long warmupErrors = 0; // the warm-ups are not in the table, but an error there fails the run too
      LoadResult inProcess;
      try (Loupe loupe = Loupe.open(index, LoupeConfig.defaults().withModelDirs(List.of(models)))) {
        InProcessLoad load = new InProcessLoad(loupe, queries, k);
        progress("in process: %d threads, %d s warm-up, %d s", connections, warmupSeconds(), seconds);
        warmupErrors += reported(load.run("warm-up (in process)", connections, warmupSeconds())).errors();
        inProcess = load.run("in process (Loupe facade), " + connections + " threads", connections, seconds);
      }
      StringBuilder notes = new StringBuilder();
      boolean passed;
      try (ServerProcess server = ServerProcess.start(index, models, work.resolve("server"), serverOptions())) {
        WrkLoad load = new WrkLoad(wrk, work.resolve("wrk"), queries, k);
        progress("HTTP: wrk, %d connections to %s, %d s warm-up, %d s", connections, server.url(), warmupSeconds(), seconds);
        warmupErrors += reported(load.run("warm-up (HTTP)", "warmup", server.url(), connections, warmupSeconds())).errors();
        server.awaitIdle(IDLE_LIMIT);
        LoadResult http = reported(load.run("HTTP `POST /search` (wrk), " + connections + " connections", "http",
            server.url(), connections, seconds));
        rows.add(http);
        passed = http.errors() == 0 && warmupErrors == 0;
        if (passed) {
          passed = whileIndexing(server, load, index, models, caltech.resolve("test"), work.resolve("added"), rows, notes);
        } else {
          notes.append("HTTP errors: the window with indexing was not run.\n");
        }
        rows.add(reported(inProcess));
        passed &= inProcess.errors() == 0;
        if (http.errors() == 0 && inProcess.errors() == 0) {
          notes.append(String.format(Locale.ROOT, "HTTP / in process: %.2f (req/s over HTTP divided by req/s through"
              + " the facade; 1.00 = the HTTP layer costs nothing).%n", http.requestsPerSecond() / inProcess.requestsPerSecond()));
        } else {
          notes.append("HTTP / in process: not computed (errors: a refused request is cheap, the rates do not compare).\n");
        }
      }
      notes.append(String.format(Locale.ROOT, "Server: loupe serve %s; warm-up %d s before each window; k = %d; "
          + "%d query photos (caltech20/test) over %d items (caltech20/train, %s).%n", String.join(" ", serverOptions()),
          warmupSeconds(), k, queries.size(), SourceScanner.imagesUnder(caltech.resolve("train")).size(), model));
      List<List<?>> table = new ArrayList<>();
      for (LoadResult r : rows) table.add(r.row());
      return new Report(Markdown.table(LoadResult.HEADER, table) + "\n" + notes, passed);
    } finally {
      FileTrees.delete(work);
    }
  }

  /**
   * The window with a writer: {@code loupe index} rounds add copies of {@code photos} while wrk runs, then the
   * server must report every added item. Adds the row and a note; returns whether there were no errors and every
   * item was served.
   */
  private boolean whileIndexing(ServerProcess server, WrkLoad load, Path index, Path models, Path photos, Path work,
      List<LoadResult> rows, StringBuilder notes) throws Exception {
    int before = server.items();
    int perRound = SourceScanner.imagesUnder(photos).size();
    progress("HTTP while loupe index adds copies of %d photos per round, %d s", perRound, seconds);
    server.awaitIdle(IDLE_LIMIT);
    IndexerLoop indexer = new IndexerLoop(index, models, photos, work);
    indexer.start(seconds);
    LoadResult during;
    int rounds;
    try {
      during = load.run("HTTP while `loupe index` adds items", "http-indexing", server.url(), connections, seconds);
    } finally {
      rounds = indexer.finish();
    }
    rows.add(reported(during));
    int expected = before + rounds * perRound;
    int served = server.awaitItems(expected, Duration.ofSeconds(15)); // it checks for commits every 0.5 s
    notes.append(String.format(Locale.ROOT, "`loupe index` during the window: %d rounds, %d items added; the server"
        + " reports %d items, %d expected (%d before + %d): %s.%n", rounds, rounds * perRound, served, expected, before,
        rounds * perRound, served == expected ? "all served" : "MISSING ITEMS"));
    return during.errors() == 0 && served == expected;
  }

  private static LoadResult reported(LoadResult r) {
    progress("%s: %d requests, %d errors, %.1f req/s", r.scenario(), r.requests(), r.errors(), r.requestsPerSecond());
    return r;
  }

  private static void progress(String format, Object... args) {
    System.err.printf(Locale.ROOT, "bench load: " + format + "%n", args);
  }
}
