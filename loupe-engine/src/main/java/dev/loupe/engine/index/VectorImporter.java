package dev.loupe.engine.index;

import dev.loupe.core.index.Item;
import dev.loupe.core.index.ItemStore;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Stores vectors made elsewhere ({@code loupe index --from-parquet}) as the {@link Indexer} stores the ones it makes:
 * an item already there with the same fields and vector is left alone, any other is written, and the store
 * commits every {@code commitEvery} items and at the end.
 *
 * <p>A vector from another model file is refused, never mixed in: each row's model name and model checksum must
 * be the index's. An index with augmented views is refused too: an imported row has one vector per image.
 */
public final class VectorImporter {
  /** The fingerprint key of the model file's checksum in an index's embedder descriptor. */
  public static final String MODEL_SHA256 = "model.sha256";

  private final ItemStore store;
  private final int commitEvery;
  private final String model;
  private final String modelSha256;
  private final long start = System.nanoTime();
  private int indexed;
  private int unchanged;
  private int sinceCommit;

  public VectorImporter(ItemStore store, int commitEvery) {
    this.store = Objects.requireNonNull(store);
    if (commitEvery < 1) throw new IllegalArgumentException("commitEvery must be at least 1, got: " + commitEvery);
    this.commitEvery = commitEvery;
    this.model = store.spec().embedder().name();
    this.modelSha256 = store.spec().embedder().fingerprint().get(MODEL_SHA256);
    if (store.spec().levers().augmentViews() > 0) {
      throw new IllegalArgumentException("the index stores " + store.spec().levers().augmentViews()
          + " augmented views per item; imported rows have one vector per image: import into an index without "
          + "--augment");
    }
  }

  /** Stores one item; refuses a row of another model. */
  public void add(ImportedVector row) throws IOException {
    if (!row.model().equals(model) || !row.modelSha256().equals(modelSha256)) {
      throw new IllegalArgumentException("rows were embedded with model " + row.model() + " (sha256 "
          + row.modelSha256() + "), the index uses " + model + " (sha256 " + modelSha256 + "): embed again with "
          + "--model " + model + " and that model file, or load them into a new index");
    }
    Item item = row.item();
    Optional<Item> old = store.get(item.id());
    if (old.isPresent() && old.get().equals(item)
        && store.vector(item.id()).map(v -> Arrays.equals(v, row.vector())).orElse(false)) {
      unchanged++;
      return;
    }
    store.put(item, row.vector());
    indexed++;
    if (++sinceCommit >= commitEvery) {
      store.commit();
      sinceCommit = 0;
    }
  }

  /** Commits what is left; the run's summary, with {@code skipped} files counted by whoever made the rows. */
  public IndexSummary finish(int skipped) throws IOException {
    store.commit();
    return new IndexSummary(indexed, unchanged, skipped, 0, Duration.ofNanos(System.nanoTime() - start));
  }
}
