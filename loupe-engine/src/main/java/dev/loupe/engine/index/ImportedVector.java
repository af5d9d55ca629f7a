package dev.loupe.engine.index;

import dev.loupe.core.index.Item;
import java.util.Objects;

/**
 * An item embedded elsewhere (e.g. by loupe-spark), to be stored as it is.
 *
 * @param item what {@code loupe index} would store for the file
 * @param model the embedder's name
 * @param modelSha256 SHA-256 of the model file that made the vector
 * @param vector the item's vector
 */
public record ImportedVector(Item item, String model, String modelSha256, float[] vector) {
  public ImportedVector {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(modelSha256, "modelSha256");
    Objects.requireNonNull(vector, "vector");
  }
}
