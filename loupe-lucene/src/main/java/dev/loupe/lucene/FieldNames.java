package dev.loupe.lucene;

import dev.loupe.core.embed.EmbedderDescriptor;

/**
 * The names of the Lucene fields of an item document. Metadata and vector fields carry a prefix so that any
 * catalogue column name maps to exactly one field and back ({@code meta.<name>} ↔ {@code <name>}).
 */
final class FieldNames {
  private FieldNames() {}

  /** The unique key: indexed for updates and lookups, sorted doc values for cheap tie-breaks. */
  static final String ID = "id";
  static final String PATH = "path";
  static final String CONTENT_HASH = "contentHash";
  static final String SIZE = "size";
  static final String MODIFIED = "modified";
  static final String WIDTH = "width";
  static final String HEIGHT = "height";
  /**
   * The view number of a document: 0 for the item's own vector, 1.. for its extra (augmented) views. Indexed as
   * points (to count and exclude extra views) and doc values (to read it during scans). Documents written before
   * views existed have no such field and count as view 0.
   */
  static final String VIEW = "view";
  static final String META_PREFIX = "meta.";
  static final String VECTOR_PREFIX = "vec.";

  static String meta(String name) {
    return META_PREFIX + name;
  }

  static boolean isMeta(String field) {
    return field.startsWith(META_PREFIX);
  }

  static String metaName(String field) {
    return field.substring(META_PREFIX.length());
  }

  /** One vector field per embedder, so a future multi-embedder index keeps each space apart. */
  static String vector(EmbedderDescriptor embedder) {
    return VECTOR_PREFIX + embedder.name();
  }

  /**
   * The field a filter key matches: {@code id} and {@code path} are the item's own fields, every other key is
   * a metadata column.
   */
  static String forFilter(String key) {
    return key.equals(ID) || key.equals(PATH) ? key : meta(key);
  }
}
