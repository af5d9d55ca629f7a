package dev.loupe.core.index;

import dev.loupe.core.query.Centering;
import dev.loupe.core.query.Hit;
import dev.loupe.core.query.SearchRequest;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A persistent store of items and their vectors, searchable by vector.
 *
 * <p>Writes become durable at {@link #commit}; a process that dies between commits loses only what it wrote
 * since the last one, and the store opens again in its last committed state. Searches are thread-safe and see
 * the last commit.
 *
 * <p>An index with the {@link IndexSpec.Levers#center} lever keeps the running sum and count of its items' own
 * vectors as part of its committed state ({@link #galleryMean}): written atomically with each commit, so the mean
 * always matches the committed items and opening the index costs no rescan. Searches of such an index compare
 * vectors centred on that mean unless the request brings its own {@link SearchRequest#centering}.
 *
 * <p>An index with {@link IndexSpec.Levers#dbaTop} keeps each item's raw vector ({@link #vector}) and searches
 * its augmented vector ({@link #searchedVector}); at each commit it recomputes the augmented vectors of the
 * items whose neighbourhoods the batch changed ({@link dev.loupe.core.dba.GalleryAugmentation}) and commits
 * them with the items.
 *
 * <p>Every implementation passes {@code dev.loupe.testing.BaseItemStoreTestCase}.
 */
public interface ItemStore extends Closeable {

  IndexSpec spec();

  /** Number of items as of the last commit. */
  int size() throws IOException;

  Optional<Item> get(String id) throws IOException;

  /** The stored vector of an item, if any. */
  Optional<float[]> vector(String id) throws IOException;

  /**
   * The vector searches compare an item with: its stored vector, or under database-side augmentation ({@link
   * IndexSpec.Levers#dbaTop}) its augmented vector as of the last commit. Query expansion reads this one, as
   * evaluation does; everything else (training, duplicates, feedback) reads the raw {@link #vector}.
   */
  default Optional<float[]> searchedVector(String id) throws IOException {
    return vector(id);
  }

  /** Visits every committed item. */
  void forEach(Consumer<Item> visitor) throws IOException;

  /** Adds an item, or replaces the item with the same id. Visible to searches after {@link #commit}. */
  default void put(Item item, float[] vector) throws IOException {
    // Not List.of: a null vector must reach the implementation's checks, which name the item.
    put(item, java.util.Collections.singletonList(vector));
  }

  /**
   * Adds an item with several vectors: {@code views.get(0)} is the item's own vector, the others are extra
   * views of it (e.g. augmented copies). A search matches any view and returns the item once, with the score of
   * its best view. Replaces the item (all its views) with the same id.
   */
  void put(Item item, List<float[]> views) throws IOException;

  /** Visits every committed item's own vector (view 0), with the item's id. */
  void forEachVector(BiConsumer<String, float[]> visitor) throws IOException;

  /** Removes an item; no-op when absent. */
  void delete(String id) throws IOException;

  /** Makes every write so far durable and visible, atomically (with the gallery mean of a centred index). */
  void commit() throws IOException;

  /**
   * Discards every write since the last commit, as if the process had died before committing; the store stays
   * usable.
   */
  void rollback() throws IOException;

  /**
   * The committed gallery mean of an index with the {@link IndexSpec.Levers#center} lever; empty for an index
   * without it.
   */
  Optional<GalleryMean> galleryMean() throws IOException;

  /**
   * The centring this index's searches apply when the request brings none: its committed mean's, once it sums
   * {@link GalleryMean#MIN_CENTRED_ITEMS} items ({@link GalleryMean#searchCentering}); empty otherwise.
   */
  default Optional<Centering> searchCentering() throws IOException {
    return galleryMean().flatMap(GalleryMean::searchCentering);
  }

  /**
   * Nearest items to {@code query}, best first, ties by id. The query must come from the index's embedder: its
   * length, finiteness and the request's centring are checked ({@link VectorChecks}) and refused with a message
   * naming the bad value. A hit's distance is {@link dev.loupe.core.query.ExactDistance}'s.
   */
  List<Hit> search(float[] query, SearchRequest request) throws IOException;

  /**
   * Takes the right to write now instead of at the first write (Lucene: the index's write lock), so that a
   * second writer fails before any work is done. Searches never need it. The default does nothing.
   */
  default void startWriting() throws IOException {}

  /**
   * Facts about how the store keeps the last commit, for {@code loupe info} (e.g. size on disk, segments), in
   * a stable order; empty when there is nothing to say.
   */
  default Map<String, Object> storageInfo() throws IOException {
    return Map.of();
  }

  /**
   * Commits, then reorganises storage for the fastest search (Lucene: merges every segment into one, with one
   * HNSW graph). Slow on a large index; searches keep working meanwhile. The default only commits.
   */
  default void optimize() throws IOException {
    commit();
  }
}
