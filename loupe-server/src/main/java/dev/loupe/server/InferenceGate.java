package dev.loupe.server;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds model calls: at most {@code slots} run at once (each holds a decoded image and the model's tensors), at
 * most {@code maxQueue} requests wait for one, each for at most {@code maxWait}. Anything over is answered at
 * once with 503 and Retry-After instead of piling up threads and memory until the process dies.
 */
final class InferenceGate {
  private final Semaphore slots;
  private final int maxSlots;
  private final int maxQueue;
  private final Duration maxWait;
  private final AtomicInteger waiting = new AtomicInteger();

  InferenceGate(int slots, int maxQueue, Duration maxWait) {
    this.slots = new Semaphore(slots, true);
    this.maxSlots = slots;
    this.maxQueue = maxQueue;
    this.maxWait = maxWait;
  }

  <T> T run(Callable<T> work) throws Exception {
    if (!slots.tryAcquire()) {
      if (waiting.incrementAndGet() > maxQueue) {
        waiting.decrementAndGet();
        throw busy("max_queue", maxQueue, "the server is busy: " + maxSlots + " inferences running and " + maxQueue
            + " waiting (--max-queue); retry later");
      }
      try {
        if (!slots.tryAcquire(maxWait.toMillis(), TimeUnit.MILLISECONDS)) {
          throw busy("request_timeout", maxWait.toSeconds() + "s", "no inference slot freed within the request"
              + " time bound (--request-timeout); retry later");
        }
      } finally {
        waiting.decrementAndGet();
      }
    }
    try {
      return work.call();
    } finally {
      slots.release();
    }
  }

  /** Inferences running now (for metrics). */
  int running() {
    return maxSlots - slots.availablePermits();
  }

  int waiting() {
    return waiting.get();
  }

  private static ApiError busy(String bound, Object limit, String message) {
    return ApiError.bound(503, bound, limit, message).withHeader("Retry-After", "1");
  }
}
