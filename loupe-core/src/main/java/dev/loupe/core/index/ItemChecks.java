package dev.loupe.core.index;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks an item's exact-match values before a store takes it, shared by every {@link ItemStore} so that all
 * refuse the same item in {@link ItemStore#put} (where the Indexer skips just that item) rather than one
 * backend failing a whole batch at commit. The id, path, content hash and every metadata value are single
 * terms in a Lucene index, local or under Solr, and Lucene refuses a term longer than {@link #MAX_TERM_BYTES}.
 */
public final class ItemChecks {
  private ItemChecks() {}

  /** Lucene's {@code IndexWriter.MAX_TERM_LENGTH}, in UTF-8 bytes (core does not depend on Lucene). */
  public static final int MAX_TERM_BYTES = 32766;

  public static void checkTerms(Item item) {
    checkTermLength(item.id(), "id", item.id());
    checkTermLength(item.id(), "path", item.path());
    if (item.contentHash() != null) checkTermLength(item.id(), "contentHash", item.contentHash());
    // Sorted so that of several long values the same one is named whatever the map's order.
    for (Map.Entry<String, String> e : new TreeMap<>(item.metadata()).entrySet()) {
      checkTermLength(item.id(), "metadata field '" + e.getKey() + "'", e.getValue());
    }
  }

  private static void checkTermLength(String id, String what, String value) {
    int bytes = value.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_TERM_BYTES) {
      // The id itself may be the long value: name the item by its first characters only.
      String name = id.length() > 80 ? id.substring(0, 80) + "…" : id;
      throw new IllegalArgumentException(what + " of item '" + name + "' is " + bytes + " bytes; at most "
          + MAX_TERM_BYTES + " UTF-8 bytes are supported");
    }
  }
}
