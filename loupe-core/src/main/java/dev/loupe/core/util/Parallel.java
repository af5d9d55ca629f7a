package dev.loupe.core.util;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The one worker pool of Loupe (indexing, evaluation, benchmarks, thumbnails): runs independent tasks on a
 * fixed number of threads and returns their results in input order.
 *
 * <p>The first failure, whichever task it comes from, is rethrown as it was (an IOException stays an
 * IOException) as soon as it happens: tasks not started yet are cancelled, running ones finish. Running tasks
 * are never interrupted: an interrupt inside Lucene's index writer or an ONNX session would turn one failure
 * into a second, more confusing one (a closed channel, a dead writer). No task is still running on return:
 * callers close models and indexes right after.
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
    if (inputs.isEmpty()) return List.of();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, inputs.size()), r -> {
      Thread t = new Thread(r, "loupe-worker");
      t.setDaemon(true);
      return t;
    });
    CompletionService<Integer> done = new ExecutorCompletionService<>(pool);
    // Filled before any task runs: tasks only set their own slot, never resize the list.
    List<R> out = new ArrayList<>(java.util.Collections.nCopies(inputs.size(), null));
    List<Future<Integer>> futures = new ArrayList<>(inputs.size());
    try {
      for (int i = 0; i < inputs.size(); i++) {
        T input = inputs.get(i);
        int at = i;
        futures.add(done.submit(() -> {
          out.set(at, task.run(input));
          return at;
        }));
      }
      for (int i = 0; i < inputs.size(); i++) done.take().get();
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException io = new InterruptedIOException("interrupted");
      io.initCause(e);
      throw io;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) throw io;
      if (cause instanceof UncheckedIOException io) throw io.getCause();
      if (cause instanceof RuntimeException re) throw re;
      if (cause instanceof Error err) throw err;
      throw new IOException(cause);
    } finally {
      for (Future<Integer> f : futures) f.cancel(false);
      pool.shutdown();
      awaitAll(pool);
    }
  }

  private static void awaitAll(ExecutorService pool) {
    boolean interrupted = false;
    while (true) {
      try {
        if (pool.awaitTermination(1, TimeUnit.MINUTES)) break;
      } catch (InterruptedException e) {
        interrupted = true; // running tasks hold a model or a writer: wait for them anyway
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
  }
}
