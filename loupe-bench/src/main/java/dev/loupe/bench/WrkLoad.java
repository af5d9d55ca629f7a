package dev.loupe.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP load generator: {@code wrk} (a separate process) keeps {@code connections} connections busy with
 * {@code POST /search} of the query photos for a fixed time, through {@code search.lua}. wrk is closed-loop: each
 * connection sends its next request when the previous answer arrives, so the rate is what the server sustains.
 */
final class WrkLoad {
  /** wrk's own request timeout: the server's --request-timeout (30 s), so a slow answer counts as an error. */
  static final int REQUEST_TIMEOUT_SECONDS = 30;
  private static final Pattern SUMMARY = Pattern.compile("^loupe-load (.*)$", Pattern.MULTILINE);

  private final String wrk;
  private final Path work;
  private final Path photoList;
  private final int k;

  /** Writes the script and the photo list to {@code work}. */
  WrkLoad(String wrk, Path work, List<Path> photos, int k) throws IOException {
    this.wrk = wrk;
    this.work = Files.createDirectories(work);
    this.photoList = work.resolve("photos.txt");
    this.k = k;
    StringBuilder list = new StringBuilder();
    for (Path p : photos) list.append(p.toAbsolutePath()).append('\n');
    Files.writeString(photoList, list);
    try (InputStream script = WrkLoad.class.getResourceAsStream("search.lua")) {
      Files.copy(script, work.resolve("search.lua"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Runs wrk against {@code url} for {@code seconds}; its full report is kept in {@code work/NAME.wrk.txt}. */
  LoadResult run(String scenario, String name, String url, int connections, int seconds) throws Exception {
    int threads = Math.min(connections, Runtime.getRuntime().availableProcessors());
    Path report = work.resolve(name + ".wrk.txt");
    ProcessBuilder pb = new ProcessBuilder(wrk, "-t", "" + threads, "-c", "" + connections, "-d", seconds + "s",
        "--timeout", REQUEST_TIMEOUT_SECONDS + "s", "--latency", "-s", work.resolve("search.lua").toString(), url,
        "--", photoList.toString(), "" + k).redirectErrorStream(true).redirectOutput(report.toFile());
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + wrk + " (install it: apt-get install wrk): " + e.getMessage(), e);
    }
    // wrk stops by itself after -d; the margin covers its start and a last request up to its own timeout.
    if (!p.waitFor(seconds + REQUEST_TIMEOUT_SECONDS + 30L, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
      throw new IllegalStateException("wrk did not stop after " + seconds + " s; output:\n" + Files.readString(report));
    }
    String output = Files.readString(report);
    if (p.exitValue() != 0) throw new IllegalStateException("wrk exited " + p.exitValue() + ":\n" + output);
    LoadResult result = parse(scenario, output);
    if (result.errors() > 0) System.err.print("bench load: wrk's report of errors:\n" + output);
    return result;
  }

  /** Reads the line search.lua's done() prints; every failure kind counts as an error. */
  static LoadResult parse(String scenario, String output) {
    Matcher m = SUMMARY.matcher(output);
    if (!m.find()) throw new IllegalStateException("no 'loupe-load' summary line in wrk's output:\n" + output);
    Map<String, Long> v = new TreeMap<>();
    for (String pair : m.group(1).trim().split(" ")) {
      String[] kv = pair.split("=", 2);
      v.put(kv[0], Long.parseLong(kv[1]));
    }
    long errors = v.get("non200") + v.get("connect") + v.get("read") + v.get("write") + v.get("timeout");
    return new LoadResult(scenario, v.get("requests"), errors, v.get("duration_us") / 1e6, v.get("p50_us") / 1e3,
        v.get("p99_us") / 1e3);
  }
}
