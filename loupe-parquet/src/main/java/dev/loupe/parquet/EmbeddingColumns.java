package dev.loupe.parquet;

import java.util.List;

/**
 * The columns of Loupe's embedding rows, one row per image: what {@code loupe index} stores for an item (its
 * {@link dev.loupe.core.index.Item} fields), the model that made the vector, and the vector. Written by
 * loupe-spark, read by {@link EmbeddingReader}; both name the columns through this class.
 *
 * <p>Layout of an output folder: {@value #ITEMS}/ holds the rows, {@value #SKIPPED}/ the files left out with their
 * reasons (columns {@value #PATH}, {@value #REASON}); both uncompressed Parquet, each with Spark's _SUCCESS marker
 * once complete.
 */
public final class EmbeddingColumns {
  public static final String ID = "id";
  public static final String PATH = "path";
  public static final String CONTENT_HASH = "content_hash";
  public static final String SIZE = "size";
  public static final String MODIFIED = "modified";
  public static final String WIDTH = "width";
  public static final String HEIGHT = "height";
  public static final String MODEL = "model";
  public static final String MODEL_SHA256 = "model_sha256";
  public static final String VECTOR = "vector";
  public static final String METADATA = "metadata";
  public static final String REASON = "reason";

  /** Sub-folder of the rows. */
  public static final String ITEMS = "items";
  /** Sub-folder of the skipped files' report. */
  public static final String SKIPPED = "skipped";

  /** Every column of a row, in the order they are written. */
  public static final List<String> ALL =
      List.of(ID, PATH, CONTENT_HASH, SIZE, MODIFIED, WIDTH, HEIGHT, MODEL, MODEL_SHA256, VECTOR, METADATA);

  private EmbeddingColumns() {}
}
