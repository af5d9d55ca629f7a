package dev.loupe.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The worker pool: results in input order, the first failure at once, nothing running or interrupted after. */
class ParallelTest {

  @Test
  void resultsComeInInputOrder() throws IOException {
    List<Integer> inputs = IntStream.range(0, 50).boxed().toList();
    assertEquals(inputs.stream().map(i -> i * i).toList(), Parallel.map(inputs, 3, i -> i * i));
    assertEquals(List.of(), Parallel.map(List.<Integer>of(), 2, i -> i));
    assertThrows(IllegalArgumentException.class, () -> Parallel.map(inputs, 0, i -> i));
  }

  @Test
  void theFirstFailureStopsTheRestWithoutInterruptingRunningTasks() {
    IOException failure = new IOException("disk full");
    AtomicInteger started = new AtomicInteger();
    AtomicBoolean slowFinished = new AtomicBoolean();
    AtomicBoolean interrupted = new AtomicBoolean();
    List<Integer> inputs = IntStream.range(0, 100).boxed().toList();
    IOException thrown = assertThrows(IOException.class, () -> Parallel.map(inputs, 2, i -> {
      started.incrementAndGet();
      if (i == 1) throw failure;
      try {
        // Task 0 is slow: waiting for it in input order would let the other thread run most of the rest.
        Thread.sleep(i == 0 ? 500 : 20);
      } catch (InterruptedException e) {
        interrupted.set(true);
        throw e;
      }
      if (i == 0) slowFinished.set(true);
      return i;
    }));
    assertSame(failure, thrown, "rethrown as it was");
    assertTrue(started.get() < 10, "tasks not started yet are cancelled: " + started.get() + " of 100 ran");
    assertTrue(slowFinished.get(), "a running task finishes before map returns");
    assertFalse(interrupted.get(), "no task is interrupted");
  }
}
