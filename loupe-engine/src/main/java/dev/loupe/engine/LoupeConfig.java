package dev.loupe.engine;

import dev.loupe.core.embed.EmbedderSettings;
import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.query.Metric;
import dev.loupe.engine.index.IndexOptions;
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
 * @param store the name of the {@link dev.loupe.core.index.ItemStoreProvider} that keeps the index, or an address
 *     whose scheme names it ({@code solr://host:8983/photos}; the index directory then keeps Loupe's side files)
 */
public record LoupeConfig(String model, Metric metric, IndexSpec.HnswParams hnsw, List<Path> modelDirs,
    IndexOptions indexing, IndexSpec.Levers levers, String store) {

  /** The store of a default configuration: a Lucene index directory. */
  public static final String DEFAULT_STORE = "lucene";

  public LoupeConfig {
    modelDirs = List.copyOf(modelDirs);
    java.util.Objects.requireNonNull(store, "store");
  }

  public static LoupeConfig defaults() {
    return new LoupeConfig(null, null, IndexSpec.HnswParams.DEFAULT, List.of(),
        IndexOptions.defaults(), null, DEFAULT_STORE);
  }

  public LoupeConfig withModel(String m) {
    return new LoupeConfig(m, metric, hnsw, modelDirs, indexing, levers, store);
  }

  public LoupeConfig withMetric(Metric m) {
    return new LoupeConfig(model, m, hnsw, modelDirs, indexing, levers, store);
  }

  public LoupeConfig withHnsw(IndexSpec.HnswParams h) {
    return new LoupeConfig(model, metric, h, modelDirs, indexing, levers, store);
  }

  public LoupeConfig withModelDirs(List<Path> dirs) {
    return new LoupeConfig(model, metric, hnsw, dirs, indexing, levers, store);
  }

  public LoupeConfig withIndexing(IndexOptions o) {
    return new LoupeConfig(model, metric, hnsw, modelDirs, o, levers, store);
  }

  public LoupeConfig withLevers(IndexSpec.Levers l) {
    return new LoupeConfig(model, metric, hnsw, modelDirs, indexing, l, store);
  }

  public LoupeConfig withStore(String name) {
    return new LoupeConfig(model, metric, hnsw, modelDirs, indexing, levers, name);
  }

  /** Where embedders look for models: {@code modelDirs}, then {@code LOUPE_MODELS}, then the user cache. */
  EmbedderSettings embedderSettings(int intraOpThreads) {
    return EmbedderSettings.fromEnvironment(modelDirs, intraOpThreads);
  }
}
