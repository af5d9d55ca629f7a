package dev.loupe.engine.index;

import dev.loupe.core.embed.Embedder;
import dev.loupe.core.image.RgbImage;
import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.index.Item;
import dev.loupe.core.index.ItemStore;
import dev.loupe.core.io.Checksums;
import dev.loupe.core.util.Parallel;
import dev.loupe.engine.catalog.CatalogEntry;
import dev.loupe.engine.index.IndexListener.Outcome;
import dev.loupe.image.DecodedImage;
import dev.loupe.image.ImageDecodeException;
import dev.loupe.image.ImageDecoder;
import dev.loupe.image.Views;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Brings an {@link ItemStore} up to date with a list of images: embeds only new or changed files, reports
 * unreadable ones and goes on, and commits in batches so that a killed run loses at most its last batch.
 *
 * <p>Only a file's own problems (unreadable, undecodable, pixels that break preprocessing) are skipped. A
 * failure of the store (a dead writer, a full disk) or of the model stops the run: it is thrown as it came,
 * the other workers stop at their next file, and what was committed before stays.
 *
 * <p>With index-time augmentation ({@link IndexSpec.Levers#augmentViews()}) each item is stored with that many
 * augmented views as extra vectors, seeded by the file's content hash.
 *
 * <p>Each worker thread decodes, preprocesses and embeds its own batch (the model session is shared and called
 * with one intra-op thread), so decoding of one batch overlaps inference of another and no core idles.
 */
public final class Indexer {
  private final Embedder embedder;
  private final ItemStore store;
  private final IndexOptions options;
  private final IndexListener listener;
  private final int augmentViews;
  private final AtomicInteger indexed = new AtomicInteger();
  private final AtomicInteger unchanged = new AtomicInteger();
  private final AtomicInteger skipped = new AtomicInteger();
  private final AtomicInteger sinceCommit = new AtomicInteger();
  private final Object commitLock = new Object();
  // Set when a batch fails for a reason that is not the file's fault (the model, the store): the others stop.
  private volatile boolean failed;

  public Indexer(Embedder embedder, ItemStore store, IndexOptions options, IndexListener listener) {
    this.embedder = Objects.requireNonNull(embedder);
    this.store = Objects.requireNonNull(store);
    this.options = Objects.requireNonNull(options);
    this.listener = Objects.requireNonNull(listener);
    this.augmentViews = store.spec().levers().augmentViews();
  }

  /** Indexes the entries (and prunes, if asked); commits everything before returning. */
  public IndexSummary run(List<CatalogEntry> entries) throws IOException {
    long start = System.nanoTime();
    listener.started(entries.size());
    List<List<CatalogEntry>> batches = new ArrayList<>();
    for (int i = 0; i < entries.size(); i += options.batchSize()) {
      batches.add(entries.subList(i, Math.min(entries.size(), i + options.batchSize())));
    }
    Parallel.map(batches, options.threads(), this::processBatch);
    int removed = options.prune() ? prune(entries) : 0;
    store.commit();
    IndexSummary summary = new IndexSummary(indexed.get(), unchanged.get(), skipped.get(), removed,
        Duration.ofNanos(System.nanoTime() - start));
    listener.finished(summary);
    return summary;
  }

  /** A file that needs embedding, decoded and preprocessed: its own input first, then its augmented views. */
  private record Pending(CatalogEntry entry, Item item, List<float[]> prepared) {}

  private Void processBatch(List<CatalogEntry> batch) throws IOException {
    if (failed) return null;
    try {
      embedAndStore(batch);
      return null;
    } catch (IOException | RuntimeException | Error e) {
      failed = true;
      throw e;
    }
  }

  private void embedAndStore(List<CatalogEntry> batch) throws IOException {
    List<Pending> pending = new ArrayList<>(batch.size());
    for (CatalogEntry entry : batch) {
      if (failed) return; // another worker hit a store or model failure: the run is over
      Pending p = examine(entry);
      if (p != null) pending.add(p);
    }
    if (pending.isEmpty()) return;
    List<float[]> inputs = new ArrayList<>();
    for (Pending p : pending) inputs.addAll(p.prepared());
    float[][] vectors = embedder.embedPrepared(inputs);
    int at = 0;
    for (Pending p : pending) {
      int n = p.prepared().size();
      try {
        store.put(p.item(), List.of(vectors).subList(at, at + n));
        indexed.incrementAndGet();
        listener.done(p.entry(), Outcome.INDEXED, null);
      } catch (IllegalArgumentException e) {
        skip(p.entry(), e.getMessage()); // e.g. a metadata value longer than the index accepts
      }
      at += n;
    }
    maybeCommit(pending.size());
  }

  /** Decides what an entry needs; returns the work to embed, or null when it is done already or skipped. */
  private Pending examine(CatalogEntry entry) throws IOException {
    Path file = entry.file();
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return skip(entry, "no such file");
    } catch (IOException e) {
      return skip(entry, "cannot read file attributes: " + e.getMessage());
    }
    if (!attrs.isRegularFile()) return skip(entry, "not a regular file");
    if (attrs.size() > options.maxFileBytes()) {
      return skip(entry, IndexOptions.tooLargeReason(attrs.size(), options.maxFileBytes()));
    }
    long size = attrs.size();
    long modified = attrs.lastModifiedTime().toMillis();
    String path = file.toString();
    Optional<Item> existing = store.get(entry.id());
    if (existing.isPresent() && existing.get().path().equals(path) && existing.get().size() == size
        && existing.get().modified() == modified
        && keep(entry, existing.get(), existing.get().contentHash(), size, modified)) {
      return null;
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (AccessDeniedException e) {
      return skip(entry, "permission denied");
    } catch (IOException e) {
      return skip(entry, "cannot read: " + e.getMessage());
    }
    String hash = Checksums.sha256(bytes);
    if (existing.isPresent() && existing.get().contentHash().equals(hash)
        && keep(entry, existing.get(), hash, size, modified)) {
      return null;
    }
    try {
      return prepare(entry, bytes, hash, size, modified);
    } catch (ImageDecodeException e) {
      return skip(entry, e.reason());
    } catch (RuntimeException | OutOfMemoryError e) {
      // Pixels that break preprocessing (absurd aspect ratio, too big to hold) are that file's problem: skip
      // it, keep the run going. Only decoding and preprocessing are caught here; the store's and the model's
      // failures are not the file's and stop the run.
      return skip(entry, "cannot preprocess: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }
  }

  /** Decodes a file's bytes and preprocesses its pixels (and its augmented views) into model inputs. */
  private Pending prepare(CatalogEntry entry, byte[] bytes, String hash, long size, long modified)
      throws ImageDecodeException {
    String path = entry.file().toString();
    DecodedImage decoded =
        ImageDecoder.decode(bytes, path, options.decode().withMinShorterSide(embedder.minInputSide()));
    Item item = new Item(entry.id(), path, hash, size, modified, decoded.originalWidth(), decoded.originalHeight(),
        entry.metadata());
    List<float[]> prepared = new ArrayList<>(1 + augmentViews);
    prepared.add(embedder.prepare(decoded.image()));
    for (RgbImage view : Views.views(decoded.image(), augmentViews, viewSeed(hash))) {
      prepared.add(embedder.prepare(view));
    }
    return new Pending(entry, item, prepared);
  }

  /**
   * An item whose pixels are unchanged: rewrites it with its stored vector if its path, file times or metadata
   * moved on. Returns false when it must be embedded again instead (its augmented views are not kept apart).
   */
  private boolean keep(CatalogEntry entry, Item old, String hash, long size, long modified) throws IOException {
    Item now = new Item(entry.id(), entry.file().toString(), hash, size, modified, old.width(), old.height(),
        entry.metadata());
    if (!now.equals(old)) {
      if (augmentViews > 0) return false;
      float[] vector = store.vector(old.id()).orElseThrow(
          () -> new IOException("index is inconsistent: item " + old.id() + " has no vector"));
      store.put(now, vector);
      maybeCommit(1);
    }
    unchanged.incrementAndGet();
    listener.done(entry, Outcome.UNCHANGED, null);
    return true;
  }

  private Pending skip(CatalogEntry entry, String reason) {
    skipped.incrementAndGet();
    listener.done(entry, Outcome.SKIPPED, reason);
    return null;
  }

  /** The seed of an image's augmented views: from its content, so the same file always gets the same views. */
  public static long viewSeed(String contentHash) {
    return Long.parseUnsignedLong(contentHash.substring(0, 15), 16);
  }

  private void maybeCommit(int added) throws IOException {
    if (sinceCommit.addAndGet(added) < options.commitEvery()) return;
    synchronized (commitLock) {
      if (sinceCommit.get() < options.commitEvery()) return;
      sinceCommit.set(0);
      store.commit();
    }
  }

  /**
   * Removes items whose file is gone, and items whose file is now indexed under another id (e.g. a folder
   * indexed before with its paths as ids, now with a catalogue's ids): otherwise the photo would be found twice.
   */
  private int prune(List<CatalogEntry> entries) throws IOException {
    java.util.Map<String, String> idOfPath = new java.util.HashMap<>();
    for (CatalogEntry e : entries) idOfPath.put(e.file().toString(), e.id());
    List<Item> gone = new ArrayList<>();
    store.forEach(item -> {
      String current = idOfPath.get(item.path());
      if (!Files.exists(Path.of(item.path())) || current != null && !current.equals(item.id())) gone.add(item);
    });
    for (Item item : gone) {
      store.delete(item.id());
      listener.removed(item);
    }
    return gone.size();
  }
}
