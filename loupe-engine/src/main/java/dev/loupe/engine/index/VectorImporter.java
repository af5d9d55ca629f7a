package dev.loupe.engine.index;

import dev.loupe.core.embed.EmbedderDescriptor;
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
  private final String source;
  private final ItemStore store;
  private final int commitEvery;
  private final String model;
  private final String modelSha256;
  private final long start = System.nanoTime();
  private int indexed;
  private int unchanged;
  private int sinceCommit;

  /**
   * @param source where the rows come from, as the user named it (e.g. {@code --from-parquet DIR}), for messages
   */
  public VectorImporter(String source, ItemStore store, int commitEvery) {
    this.source = Objects.requireNonNull(source);
    this.store = Objects.requireNonNull(store);
    if (commitEvery < 1) throw new IllegalArgumentException("commitEvery must be at least 1, got: " + commitEvery);
    this.commitEvery = commitEvery;
    this.model = store.spec().embedder().name();
    this.modelSha256 = store.spec().embedder().fingerprint().get(EmbedderDescriptor.MODEL_SHA256);
    if (store.spec().levers().augmentViews() > 0) {
      throw new IllegalArgumentException("the index stores " + store.spec().levers().augmentViews()
          + " augmented views per item; imported rows have one vector per image: import into an index without "
          + "--augment");
    }
  }

  /** Refuses rows of another model or model file than the index's, in one line naming the source. */
  public void checkModel(String rowModel, String rowSha256) {
    if (!rowModel.equals(model) || !rowSha256.equals(modelSha256)) {
      throw new IllegalArgumentException(source + ": rows were embedded with model " + rowModel + " ("
          + checksum(rowSha256) + "), the index uses " + model + " (" + checksum(modelSha256) + "): embed again "
          + "with --model " + model + " and that model file, or load them into an index of model " + rowModel);
    }
  }

  private static String checksum(String sha256) {
    return sha256 == null ? "no model file checksum" : "sha256 " + sha256;
  }

  /** Stores one item; refuses a row of another model. */
  public void add(ImportedVector row) throws IOException {
    checkModel(row.model(), row.modelSha256());
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
