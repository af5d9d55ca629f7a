package dev.loupe.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Writes to the served index for the whole load window: {@code loupe index} child processes, one after the
 * other, each adding a fresh copy of the query photos (a new folder per round, so every round adds new items:
 * items are named by their path) and committing, until the window ends. The round running at the end is let
 * finish, so the items added are known exactly and the server can be checked to see them all.
 */
final class IndexerLoop {
  /** Bounds one round: 80 photos take seconds; a round stuck this long is killed and reported. */
  private static final Duration ROUND_LIMIT = Duration.ofMinutes(5);

  private final Path index;
  private final Path models;
  private final Path photos;
  private final Path work;
  private final ExecutorService thread = Executors.newSingleThreadExecutor();
  private Future<Integer> rounds;

  /** Indexes copies of the image folder {@code photos} into {@code index}; copies and logs go under {@code work}. */
  IndexerLoop(Path index, Path models, Path photos, Path work) {
    this.index = index;
    this.models = models;
    this.photos = photos;
    this.work = work;
  }

  /** Starts the rounds in the background; they stop starting once {@code seconds} have passed. */
  void start(int seconds) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    rounds = thread.submit(() -> {
      int round = 0;
      do {
        round++;
        Path copy = work.resolve("round-" + round);
        copyTree(photos, copy);
        LoupeProcess.run(work.resolve("logs"), "index-round-" + round, List.of("index", copy.toString(), "--index",
            index.toString(), "--models", models.toString()), ROUND_LIMIT);
      } while (System.nanoTime() < end);
      return round;
    });
  }

  /** Waits for the last round to end; returns the number of rounds, all of which succeeded (else throws). */
  int finish() throws Exception {
    try {
      return rounds.get(ROUND_LIMIT.toSeconds() + 60, TimeUnit.SECONDS);
    } finally {
      thread.shutdownNow();
      thread.awaitTermination(60, TimeUnit.SECONDS); // an interrupted round kills its child in close()
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) Files.createDirectories(target);
        else Files.copy(f, target);
      }
    }
  }
}
