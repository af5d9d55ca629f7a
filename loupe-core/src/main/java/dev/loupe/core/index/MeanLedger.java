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

  /** Records an accepted put: the item's previous own vector (pending or committed) leaves the sum. */
  public void put(String id, float[] ownVector) throws IOException {
    Optional<float[]> previous = current(id);
    GalleryMean next = pending;
    if (previous.isPresent()) next = next.plus(previous.get(), -1);
    pending = next.plus(ownVector, 1);
    written.put(id, ownVector.clone());
  }

  /** Records a delete (a no-op for an absent item). */
  public void delete(String id) throws IOException {
    Optional<float[]> previous = current(id);
    if (previous.isEmpty()) return;
    pending = pending.plus(previous.get(), -1);
    written.put(id, null);
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
