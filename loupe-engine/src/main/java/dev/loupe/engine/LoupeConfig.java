package dev.loupe.engine;

import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.query.Metric;
import dev.loupe.engine.index.IndexOptions;
import dev.loupe.onnx.ModelCatalog;
import dev.loupe.onnx.ModelPaths;
import java.nio.file.Path;
import java.util.List;

/**
 * Settings of a {@link Loupe} instance.
 *
 * @param model embedder name for a new index (null = the default model); an existing index always uses the
 *     one it was built with, and naming another is an error
 * @param metric default metric of a new index; null = cosine for unit vectors, L2 otherwise
 * @param hnsw HNSW parameters of a new index
 * @param modelDirs extra model directories, searched before {@code LOUPE_MODELS} and the user cache
 * @param indexing indexing run options
 * @param levers index-time levers of a new index; null = none for a new index, and any for an existing one
 */
public record LoupeConfig(String model, Metric metric, IndexSpec.HnswParams hnsw, List<Path> modelDirs,
    IndexOptions indexing, IndexSpec.Levers levers) {

  public LoupeConfig {
    modelDirs = List.copyOf(modelDirs);
  }

  public static LoupeConfig defaults() {
    return new LoupeConfig(null, null, IndexSpec.HnswParams.DEFAULT, List.of(),
        IndexOptions.defaults(), null);
  }

  public LoupeConfig withModel(String m) {
    return new LoupeConfig(m, metric, hnsw, modelDirs, indexing, levers);
  }

  public LoupeConfig withMetric(Metric m) {
    return new LoupeConfig(model, m, hnsw, modelDirs, indexing, levers);
  }

  public LoupeConfig withHnsw(IndexSpec.HnswParams h) {
    return new LoupeConfig(model, metric, h, modelDirs, indexing, levers);
  }

  public LoupeConfig withModelDirs(List<Path> dirs) {
    return new LoupeConfig(model, metric, hnsw, dirs, indexing, levers);
  }

  public LoupeConfig withIndexing(IndexOptions o) {
    return new LoupeConfig(model, metric, hnsw, modelDirs, o, levers);
  }

  public LoupeConfig withLevers(IndexSpec.Levers l) {
    return new LoupeConfig(model, metric, hnsw, modelDirs, indexing, l);
  }

  ModelPaths modelPaths() {
    return ModelPaths.fromEnvironment(modelDirs);
  }
}
