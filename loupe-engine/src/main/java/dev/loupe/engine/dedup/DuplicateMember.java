package dev.loupe.engine.dedup;

/**
 * One item of a {@link DuplicateGroup}.
 *
 * @param id the item's id
 * @param path its image path or URI
 * @param width decoded width in pixels
 * @param height decoded height in pixels
 * @param size file size in bytes
 * @param modified last-modified time, milliseconds since the epoch
 * @param best whether this is the group's best copy (the one to keep): the first member
 * @param exact whether its file is byte-identical (same SHA-256) to a member listed before it, so deleting it loses
 *     nothing; never true of the best copy
 * @param score its similarity to the best copy under the index's metric (and centring), as {@code loupe search}
 *     scores; the best copy's own score is the metric's score at distance 0
 */
public record DuplicateMember(String id, String path, int width, int height, long size, long modified, boolean best,
    boolean exact, float score) {

  /** Width × height, the first key of the best-copy order. */
  public long pixels() {
    return (long) width * height;
  }
}
