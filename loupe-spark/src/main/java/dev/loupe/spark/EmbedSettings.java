package dev.loupe.spark;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * What every executor needs to embed as {@code loupe index} does; shipped to the executors with each task.
 *
 * @param model the embedder's name, as {@code loupe index --model} takes it
 * @param modelSha256 the checksum of the model file the driver opened: an executor with another file refuses
 * @param modelDirs model directories, in order (as {@code --models}/{@code LOUPE_MODELS}; must exist on executors)
 * @param modelCache the per-user model cache the driver resolved
 * @param intraOpThreads ONNX Runtime threads per model call: {@code spark.task.cpus}
 * @param batchSize images per model call
 * @param maxPixels images with more pixels are skipped (decompression bombs)
 */
record EmbedSettings(String model, String modelSha256, List<String> modelDirs, String modelCache,
    int intraOpThreads, int batchSize, long maxPixels) implements Serializable {
  EmbedSettings {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(modelSha256, "modelSha256");
    modelDirs = List.copyOf(modelDirs);
    if (intraOpThreads < 1) {
      throw new IllegalArgumentException("intraOpThreads must be at least 1, got: " + intraOpThreads);
    }
    if (batchSize < 1) throw new IllegalArgumentException("batchSize must be at least 1, got: " + batchSize);
    if (maxPixels < 1) throw new IllegalArgumentException("maxPixels must be at least 1, got: " + maxPixels);
  }
}
