package dev.loupe.api;

import dev.loupe.embed.onnx.ModelCatalog;
import dev.loupe.embed.onnx.ModelPaths;
import dev.loupe.index.IndexOptions;
import dev.loupe.index.IndexSpec;
import dev.loupe.query.Metric;
import java.nio.file.Path;
import java.util.List;

/**
 * Settings of a {@link Loupe} instance.
 *
 * @param model embedder name for a new index (an existing index always uses the one it was built with)
 * @param metric default metric of a new index; null = cosine for unit vectors, L2 otherwise
 * @param hnsw HNSW parameters of a new index
 * @param modelDirs extra model directories, searched before {@code LOUPE_MODELS} and the user cache
 * @param indexing indexing run options
 */
public record LoupeConfig(String model, Metric metric, IndexSpec.HnswParams hnsw, List<Path> modelDirs,
    IndexOptions indexing) {

  public LoupeConfig {
    modelDirs = List.copyOf(modelDirs);
  }

  public static LoupeConfig defaults() {
    return new LoupeConfig(ModelCatalog.DEFAULT_MODEL, null, IndexSpec.HnswParams.DEFAULT, List.of(),
        IndexOptions.defaults());
  }

  public LoupeConfig withModel(String m) {
    return new LoupeConfig(m, metric, hnsw, modelDirs, indexing);
  }

  public LoupeConfig withMetric(Metric m) {
    return new LoupeConfig(model, m, hnsw, modelDirs, indexing);
  }

  public LoupeConfig withHnsw(IndexSpec.HnswParams h) {
    return new LoupeConfig(model, metric, h, modelDirs, indexing);
  }

  public LoupeConfig withModelDirs(List<Path> dirs) {
    return new LoupeConfig(model, metric, hnsw, dirs, indexing);
  }

  public LoupeConfig withIndexing(IndexOptions o) {
    return new LoupeConfig(model, metric, hnsw, modelDirs, o);
  }

  ModelPaths modelPaths() {
    return ModelPaths.fromEnvironment(modelDirs);
  }
}
