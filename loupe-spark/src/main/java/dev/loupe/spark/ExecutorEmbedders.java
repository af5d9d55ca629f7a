package dev.loupe.spark;

import dev.loupe.core.embed.Embedder;
import dev.loupe.core.embed.EmbedderSettings;
import dev.loupe.core.embed.Embedders;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One embedder, hence one ONNX Runtime session, per executor JVM and model.
 *
 * <p>Why a JVM-wide map (the one static mutable state of Loupe): Spark runs many tasks, one after another and
 * side by side, in one executor JVM, and gives a Dataset function no hook for "once per executor". A session
 * per task would load the weights again for every partition and hold one copy per running task; the ONNX
 * Runtime session is safe to call from several threads, so the tasks of a JVM share one. It is keyed by the
 * model's checksum (and the intra-op threads it was opened with), lives as long as the executor, and is
 * never closed: the executor's exit frees it.
 */
final class ExecutorEmbedders {
  private record Key(String modelSha256, String model, int intraOpThreads) {}

  private static final ConcurrentHashMap<Key, Embedder> OPEN = new ConcurrentHashMap<>();

  private ExecutorEmbedders() {}

  /** The JVM's embedder for these settings, opened on first use; refuses a model file with another checksum. */
  static Embedder get(EmbedSettings settings) {
    Key key = new Key(settings.modelSha256(), settings.model(), settings.intraOpThreads());
    Embedder embedder = OPEN.computeIfAbsent(key, k -> open(settings));
    String sha = SparkEmbedModel.sha256(embedder);
    if (!settings.modelSha256().equals(sha)) {
      throw new IllegalStateException("model " + settings.model() + " on this executor has checksum " + sha
          + ", the driver's has " + settings.modelSha256() + ": give every node the same model file");
    }
    return embedder;
  }

  private static Embedder open(EmbedSettings settings) {
    EmbedderSettings es = new EmbedderSettings(settings.modelDirs().stream().map(Path::of).toList(),
        Path.of(settings.modelCache()), settings.intraOpThreads());
    return Embedders.load(es).open(settings.model());
  }
}
