package dev.loupe.bench.vectors;

import dev.loupe.bench.Latencies;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs queries through an index on a number of threads and times them: wall time for queries per second, and
 * each query's own latency. Queries are handed out one at a time, so a slow thread does not hold the others.
 */
final class SearchTimer {
  /** A timed section: {@code count} queries in {@code seconds} of wall time, each query's latency in ms. */
  record Section(int count, double seconds, double[] latenciesMs) {
    double qps() {
      return count / seconds;
    }

    Latencies latencies() {
      return new Latencies(latenciesMs);
    }
  }

  private SearchTimer() {}

  /**
   * Runs {@code total} searches (cycling through {@code queries}) with {@code setting} on as many threads as
   * {@code searchers}, one searcher per thread.
   */
  static Section run(List<BuiltIndex.Searcher> searchers, List<float[]> queries, int k, SearchSetting setting, int total)
      throws Exception {
    double[] latencies = new double[total];
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(searchers.size());
    try {
      List<Future<?>> done = new ArrayList<>();
      long t0 = System.nanoTime();
      for (BuiltIndex.Searcher s : searchers) {
        done.add(pool.submit(() -> {
          for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
            long a = System.nanoTime();
            s.search(queries.get(i % queries.size()), k, setting);
            latencies[i] = (System.nanoTime() - a) / 1e6;
          }
          return null;
        }));
      }
      for (Future<?> f : done) f.get();
      return new Section(total, (System.nanoTime() - t0) / 1e9, latencies);
    } finally {
      pool.shutdownNow();
    }
  }
}
