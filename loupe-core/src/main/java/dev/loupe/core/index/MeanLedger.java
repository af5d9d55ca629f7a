package dev.loupe.core.index;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The gallery mean of a centred store across one batch of writes: the committed sum, the pending sum, and the own
 * vector each item written since the last commit has now. Both stores keep their mean through it, so the mean's
 * arithmetic exists once.
 *
 * <p>A put or delete must be recorded only after the store accepted it (a refused put leaves the mean alone),
 * and the store must serialise writes and commits around it, so that the pending sum always describes exactly
 * the documents a commit will contain. Not thread-safe by itself.
 */
public final class MeanLedger {

  /** Reads an item's own vector as of the last commit. */
  @FunctionalInterface
  public interface CommittedVectors {
    Optional<float[]> vector(String id) throws IOException;
  }

  private final CommittedVectors committedVectors;
  private GalleryMean committed;
  private GalleryMean pending;
  /** Own vectors written since the last commit; a null value is a delete. Bounded by one batch of writes. */
  private final Map<String, float[]> written = new HashMap<>();

  public MeanLedger(GalleryMean committed, CommittedVectors committedVectors) {
    this.committed = committed;
    this.pending = committed;
    this.committedVectors = committedVectors;
  }

  /**
   * A write the store is about to make: the item's own vector before (null when absent) and after (null for a
   * delete). Looked up before the write, applied after it succeeded, so a failure on either side leaves the
   * mean alone.
   */
  public record Change(String id, float[] previous, float[] next) {}

  /** Prepares a put ({@code ownVector} non-null) or a delete (null) of {@code id}; changes nothing yet. */
  public Change prepare(String id, float[] ownVector) throws IOException {
    return new Change(id, current(id).orElse(null), ownVector == null ? null : ownVector.clone());
  }

  /** Records a write the store accepted: the item's previous own vector (pending or committed) leaves the sum. */
  public void apply(Change change) {
    if (change.previous() == null && change.next() == null) return; // deleting an absent item
    GalleryMean next = pending;
    if (change.previous() != null) next = next.plus(change.previous(), -1);
    if (change.next() != null) next = next.plus(change.next(), 1);
    pending = next;
    written.put(change.id(), change.next());
  }

  /** {@link #prepare} and {@link #apply} of a put, for a store whose write cannot fail once checked. */
  public void put(String id, float[] ownVector) throws IOException {
    apply(prepare(id, ownVector));
  }

  /** {@link #prepare} and {@link #apply} of a delete (a no-op for an absent item). */
  public void delete(String id) throws IOException {
    apply(prepare(id, null));
  }

  private Optional<float[]> current(String id) throws IOException {
    if (written.containsKey(id)) return Optional.ofNullable(written.get(id));
    return committedVectors.vector(id);
  }

  /** The mean the next commit must write. */
  public GalleryMean pending() {
    return pending;
  }

  public GalleryMean committed() {
    return committed;
  }

  /** Call once the commit that wrote {@link #pending} succeeded: it is now the committed mean. */
  public void onCommit() {
    committed = pending;
    written.clear();
  }

  /** Forgets the writes since the last commit. */
  public void rollback() {
    pending = committed;
    written.clear();
  }
}
