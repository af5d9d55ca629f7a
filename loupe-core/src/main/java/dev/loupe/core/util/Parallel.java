package dev.loupe.core.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs independent tasks on a fixed number of threads and returns their results in order. The first failure
 * is rethrown as it was (an IOException stays an IOException), and no task is still running on return: callers
 * close models and indexes right after.
 */
public final class Parallel {
  private Parallel() {}

  /** A task that may fail with an IOException. */
  @FunctionalInterface
  public interface Task<T, R> {
    R run(T input) throws Exception;
  }

  public static <T, R> List<R> map(List<T> inputs, int threads, Task<T, R> task) throws IOException {
    if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got: " + threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "loupe-worker");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<R>> futures = new ArrayList<>(inputs.size());
      for (T input : inputs) futures.add(pool.submit(() -> task.run(input)));
      List<R> out = new ArrayList<>(inputs.size());
      for (Future<R> f : futures) out.add(f.get());
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) throw io;
      if (cause instanceof UncheckedIOException io) throw io.getCause();
      if (cause instanceof RuntimeException re) throw re;
      if (cause instanceof Error err) throw err;
      throw new IOException(cause);
    } finally {
      pool.shutdownNow();
      try {
        pool.awaitTermination(10, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
