package dev.loupe.bench;

import dev.loupe.core.query.SearchRequest;
import dev.loupe.engine.Loupe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The same searches without HTTP: {@code threads} threads call {@link Loupe#search(Path, SearchRequest)} (what
 * {@code loupe search} runs: read, decode, embed, search) on the query photos in turn for a fixed time, in this
 * JVM. The ratio of the HTTP rate to this one is what the server layer costs.
 */
final class InProcessLoad {
  private final Loupe loupe;
  private final List<Path> photos;
  private final SearchRequest request;

  InProcessLoad(Loupe loupe, List<Path> photos, int k) {
    this.loupe = loupe;
    this.photos = List.copyOf(photos);
    this.request = SearchRequest.topK(k);
  }

  LoadResult run(String scenario, int threads, int seconds) throws Exception {
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    AtomicLong errors = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<List<Double>>> perThread = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        int first = t; // threads start at different photos, as wrk's do
        perThread.add(pool.submit(() -> searchUntil(end, first, errors)));
      }
      List<Double> all = new ArrayList<>();
      // Each thread stops at the deadline after its current search; the margin bounds one slow search.
      for (Future<List<Double>> f : perThread) all.addAll(f.get(seconds + 60L, TimeUnit.SECONDS));
      double elapsed = (System.nanoTime() - start) / 1e9;
      double[] millis = all.stream().mapToDouble(Double::doubleValue).toArray();
      Latencies latencies = new Latencies(millis.length == 0 ? new double[] {0} : millis);
      // Requests count the failed ones too, as wrk's do.
      return new LoadResult(scenario, millis.length + errors.get(), errors.get(), elapsed, latencies.percentile(50),
          latencies.percentile(99));
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(60, TimeUnit.SECONDS);
    }
  }

  /** One thread's loop: the latency of each search that succeeded, in milliseconds; failures are counted. */
  private List<Double> searchUntil(long end, int first, AtomicLong errors) {
    List<Double> millis = new ArrayList<>();
    for (int i = first; System.nanoTime() < end; i++) {
      long t0 = System.nanoTime();
      try {
        if (loupe.search(photos.get(i % photos.size()), request).isEmpty()) throw new IllegalStateException("no hits");
        millis.add((System.nanoTime() - t0) / 1e6);
      } catch (Exception e) {
        if (errors.getAndIncrement() == 0) System.err.println("bench load: in-process search failed: " + e);
      }
    }
    return millis;
  }
}
