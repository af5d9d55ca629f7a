package dev.loupe.bench;

import java.util.List;
import java.util.Locale;

/**
 * One measured window of the load test: how many searches completed, how many failed (a status other than 200, a
 * socket error or timeout, an exception in process), over how long, and the latency percentiles of the requests.
 */
record LoadResult(String scenario, long requests, long errors, double seconds, double p50Millis, double p99Millis) {

  double requestsPerSecond() {
    return requests / seconds;
  }

  /** The row of the load table: scenario, requests, errors, req/s, p50 ms, p99 ms. */
  List<Object> row() {
    return List.of(scenario, requests, errors, format("%.1f", requestsPerSecond()), format("%.1f", p50Millis),
        format("%.1f", p99Millis));
  }

  static final List<String> HEADER = List.of("scenario", "requests", "errors", "req/s", "p50 ms", "p99 ms");

  private static String format(String pattern, double v) {
    return String.format(Locale.ROOT, pattern, v);
  }
}
