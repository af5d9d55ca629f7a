package dev.loupe.onnx;

import dev.loupe.core.embed.EmbedderSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where model files are looked for, in order: directories given with {@code --models}, the {@code LOUPE_MODELS}
 * environment variable (a path list), then the per-user cache ({@code $XDG_CACHE_HOME/loupe/models}, else
 * {@code ~/.cache/loupe/models}), the place for downloaded models.
 */
public record ModelPaths(List<Path> directories, Path userCache) {

  public ModelPaths {
    directories = List.copyOf(directories);
  }

  /** The search path from explicit directories plus the environment (see {@link EmbedderSettings#resolve}). */
  public static ModelPaths resolve(List<Path> explicit, Map<String, String> env) {
    return of(EmbedderSettings.resolve(explicit, env, 1));
  }

  public static ModelPaths fromEnvironment(List<Path> explicit) {
    return resolve(explicit, System.getenv());
  }

  /** The model directories of embedder settings. */
  public static ModelPaths of(EmbedderSettings settings) {
    return new ModelPaths(settings.modelDirs(), settings.modelCache());
  }

  /** The first existing file for a spec's relative path; also tries the bare file name in each directory. */
  public Optional<Path> find(String relativeFile) {
    for (Path dir : directories) {
      for (Path candidate : List.of(dir.resolve(relativeFile), dir.resolve(Path.of(relativeFile).getFileName()))) {
        if (Files.isRegularFile(candidate)) return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** The file for a spec, or an error that says where Loupe looked and how to fix it. */
  public Path require(ModelSpec spec) {
    return find(spec.file()).orElseThrow(() -> new ModelLoadException(
        "model '" + spec.name() + "' not found: looked for " + spec.file() + " in " + describe()
            + ". Fix: pass --models DIR (or set LOUPE_MODELS) to the folder that holds it"
            + (spec.url() != null ? ", or download it: loupe models pull " + spec.name() + " (into " + userCache + ")" : "")));
  }

  public String describe() {
    return directories.stream().map(Path::toString).reduce((a, b) -> a + ", " + b).orElse("(nowhere)");
  }
}
