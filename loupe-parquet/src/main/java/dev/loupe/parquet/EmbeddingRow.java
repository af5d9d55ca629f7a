package dev.loupe.parquet;

import dev.loupe.core.index.Item;
import java.util.Objects;

/**
 * One embedded image as written by loupe-spark.
 *
 * @param item what {@code loupe index} would store for the file (id, path, content hash, size, time, pixels,
 *     metadata)
 * @param model the embedder's name
 * @param modelSha256 SHA-256 of the model file that made the vector
 * @param vector the image's vector
 */
public record EmbeddingRow(Item item, String model, String modelSha256, float[] vector) {
  public EmbeddingRow {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(modelSha256, "modelSha256");
    Objects.requireNonNull(vector, "vector");
  }
}
