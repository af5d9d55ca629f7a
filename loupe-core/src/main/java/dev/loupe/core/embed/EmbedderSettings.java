package dev.loupe.core.embed;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What every embedder provider may need to open an embedder.
 *
 * @param modelDirs where model files and specs are looked for, in order
 * @param modelCache the per-user cache, where downloaded models go (the last of {@code modelDirs})
 * @param intraOpThreads threads per model call (1 when calls run in parallel, one per core)
 */
public record EmbedderSettings(List<Path> modelDirs, Path modelCache, int intraOpThreads) {

  public EmbedderSettings {
    modelDirs = List.copyOf(modelDirs);
    if (intraOpThreads < 1) throw new IllegalArgumentException("intraOpThreads must be at least 1, got: " + intraOpThreads);
  }

  /**
   * The model search path: {@code explicit} directories ({@code --models}), then {@code LOUPE_MODELS} (a path
   * list), then the per-user cache ({@code $XDG_CACHE_HOME/loupe/models}, else {@code ~/.cache/loupe/models}).
   */
  public static EmbedderSettings resolve(List<Path> explicit, Map<String, String> env, int intraOpThreads) {
    List<Path> dirs = new ArrayList<>(explicit);
    String fromEnv = env.get("LOUPE_MODELS");
    if (fromEnv != null && !fromEnv.isBlank()) {
      for (String part : fromEnv.split(File.pathSeparator)) {
        if (!part.isBlank()) dirs.add(Path.of(part));
      }
    }
    String xdg = env.get("XDG_CACHE_HOME");
    Path cache = (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache"))
        .resolve("loupe").resolve("models");
    dirs.add(cache);
    return new EmbedderSettings(dirs.stream().map(p -> p.toAbsolutePath().normalize()).distinct().toList(), cache,
        intraOpThreads);
  }

  /** {@link #resolve} with this process's environment. */
  public static EmbedderSettings fromEnvironment(List<Path> explicit, int intraOpThreads) {
    return resolve(explicit, System.getenv(), intraOpThreads);
  }

  public EmbedderSettings withIntraOpThreads(int threads) {
    return new EmbedderSettings(modelDirs, modelCache, threads);
  }
}
