package dev.loupe.engine.feedback;

import dev.loupe.core.io.Checksums;

/**
 * The key that ties judgements of one query together: the content hash of a query image (the same photo under
 * another name is the same query), {@code id:ITEM} for "more like this" on an indexed item, {@code text:...} for a
 * text query. Learning splits train and held-out judgements by this key.
 */
public final class QueryKey {
  private QueryKey() {}

  public static String ofImage(byte[] bytes) {
    return "sha256:" + Checksums.sha256(bytes);
  }

  public static String ofItem(String id) {
    return "id:" + id;
  }

  public static String ofText(String text) {
    return "text:" + text;
  }
}
