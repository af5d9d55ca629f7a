package dev.loupe.spark;

import static dev.loupe.parquet.EmbeddingColumns.CONTENT_HASH;
import static dev.loupe.parquet.EmbeddingColumns.HEIGHT;
import static dev.loupe.parquet.EmbeddingColumns.ID;
import static dev.loupe.parquet.EmbeddingColumns.METADATA;
import static dev.loupe.parquet.EmbeddingColumns.MODEL;
import static dev.loupe.parquet.EmbeddingColumns.MODEL_SHA256;
import static dev.loupe.parquet.EmbeddingColumns.MODIFIED;
import static dev.loupe.parquet.EmbeddingColumns.PATH;
import static dev.loupe.parquet.EmbeddingColumns.REASON;
import static dev.loupe.parquet.EmbeddingColumns.SIZE;
import static dev.loupe.parquet.EmbeddingColumns.VECTOR;
import static dev.loupe.parquet.EmbeddingColumns.WIDTH;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The rows the embedding step produces: the written columns ({@link dev.loupe.parquet.EmbeddingColumns#ALL}),
 * then {@value #REUSED} (the file's content hash is in the previous output: its vector, width and height come
 * from there) and {@code reason} (the file was skipped, and why). The last two are not written.
 */
final class RowSchema {
  static final String REUSED = "reused";

  static final StructType ROWS = new StructType(new StructField[] {
      DataTypes.createStructField(ID, DataTypes.StringType, false),
      DataTypes.createStructField(PATH, DataTypes.StringType, false),
      DataTypes.createStructField(CONTENT_HASH, DataTypes.StringType, true),
      DataTypes.createStructField(SIZE, DataTypes.LongType, false),
      DataTypes.createStructField(MODIFIED, DataTypes.LongType, false),
      DataTypes.createStructField(WIDTH, DataTypes.IntegerType, true),
      DataTypes.createStructField(HEIGHT, DataTypes.IntegerType, true),
      DataTypes.createStructField(MODEL, DataTypes.StringType, false),
      DataTypes.createStructField(MODEL_SHA256, DataTypes.StringType, false),
      DataTypes.createStructField(VECTOR, DataTypes.createArrayType(DataTypes.FloatType, false), true),
      DataTypes.createStructField(METADATA,
          DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true), false),
      DataTypes.createStructField(REUSED, DataTypes.BooleanType, false),
      DataTypes.createStructField(REASON, DataTypes.StringType, true)});

  private RowSchema() {}
}
