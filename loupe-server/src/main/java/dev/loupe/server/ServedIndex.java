package dev.loupe.server;

import dev.loupe.engine.Loupe;
import dev.loupe.engine.LoupeConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One index as the server holds it: a long-lived {@link Loupe} for searches (it sees commits of other processes,
 * e.g. a {@code loupe index} run, within half a second, with no restart), and the means to write to it.
 *
 * <p>The search side never takes the index's write lock. A write opens a writer for its own duration only
 * ({@link #openWriter}), so that a {@code loupe index} run in another process can still write between the
 * server's writes; a write while another process holds the lock is refused, never queued forever.
 */
final class ServedIndex implements AutoCloseable {
  private final NamedIndex named;
  private final LoupeConfig config;
  private final Loupe loupe;
  /** One server write at a time on this index: a second writer in this process would fail on the lock. */
  private final ReentrantLock writeLock = new ReentrantLock();
  /** Field counts are one pass over every item: recomputed when the item count changes, else at most this often. */
  private static final long FIELDS_TTL_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);

  private record FieldSnapshot(int items, long at, java.util.Map<String, java.util.Map<String, Integer>> counts) {}

  private volatile FieldSnapshot fields;
  private final Object fieldsLock = new Object();

  /** Whether the index answers text queries, learned on first use (opening the text tower costs a model load). */
  private volatile Boolean answersText;

  /** Heat maps of this index's hits, opened on first use (a second model session); null until then. */
  private dev.loupe.engine.explain.Explainer explainer;
  /** Why this index cannot explain, once learned: each request need not read the model's graph again. */
  private dev.loupe.core.explain.ExplainUnavailableException cannotExplain;

  private ServedIndex(NamedIndex named, LoupeConfig config, Loupe loupe) {
    this.named = named;
    this.config = config;
    this.loupe = loupe;
  }

  static ServedIndex open(NamedIndex named, LoupeConfig config) throws IOException {
    return new ServedIndex(named, config, Loupe.open(named.path(), config));
  }

  String name() {
    return named.name();
  }

  Path path() {
    return named.path();
  }

  Loupe loupe() {
    return loupe;
  }

  boolean answersText() {
    Boolean known = answersText;
    if (known == null) {
      try {
        loupe.textEmbedder();
        known = true;
      } catch (RuntimeException e) {
        known = false; // no text tower for this model, and none trained for the index
      }
      answersText = known;
    }
    return known;
  }

  /**
   * Each metadata field and the count of each of its values over the committed items. Cached: a page asks for
   * /info and /fields often, and a scan of a large index per request would let cheap requests cost a lot; a change
   * that keeps the item count shows within 10 seconds.
   */
  java.util.Map<String, java.util.Map<String, Integer>> fieldCounts() throws IOException {
    int items = loupe.store().size();
    FieldSnapshot f = fields;
    if (f != null && f.items() == items && System.nanoTime() - f.at() < FIELDS_TTL_NANOS) return f.counts();
    synchronized (fieldsLock) {
      f = fields;
      if (f != null && f.items() == items && System.nanoTime() - f.at() < FIELDS_TTL_NANOS) return f.counts();
      java.util.Map<String, java.util.Map<String, Integer>> counts = new java.util.TreeMap<>();
      loupe.store().forEach(item -> item.metadata().forEach((k, v) ->
          counts.computeIfAbsent(k, x -> new java.util.HashMap<>()).merge(v, 1, Integer::sum)));
      fields = new FieldSnapshot(items, System.nanoTime(), java.util.Collections.unmodifiableMap(counts));
      return counts;
    }
  }

  /**
   * The explainer of this index's hits, opened on first use and kept.
   *
   * @throws dev.loupe.core.explain.ExplainUnavailableException when the index's model has no spatial map
   */
  synchronized dev.loupe.engine.explain.Explainer explainer() throws IOException {
    if (cannotExplain != null) throw cannotExplain;
    if (explainer == null) {
      try {
        explainer = new dev.loupe.engine.explain.Explainer(loupe);
      } catch (dev.loupe.core.explain.ExplainUnavailableException e) {
        cannotExplain = e; // the index's model and metric never change while it is served
        throw e;
      }
    }
    return explainer;
  }

  /** Runs {@code write} with a writer of this index, then commits and releases the index's write lock. */
  <T> T write(WriterWork<T> write) throws IOException {
    writeLock.lock();
    try (Loupe writer = Loupe.openOrCreate(named.path(), config)) {
      return write.run(writer);
    } finally {
      writeLock.unlock();
    }
  }

  interface WriterWork<T> {
    T run(Loupe writer) throws IOException;
  }

  @Override
  public void close() throws IOException {
    synchronized (this) {
      if (explainer != null) explainer.close();
    }
    loupe.close();
  }
}
