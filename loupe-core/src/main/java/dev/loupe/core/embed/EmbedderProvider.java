package dev.loupe.core.embed;

import java.util.List;
import java.util.Optional;

/**
 * A family of embedders that {@link Embedders} finds by name through {@link java.util.ServiceLoader}: a module
 * that brings embedders (ONNX models, raw pixels, ...) lists its provider in {@code
 * META-INF/services/dev.loupe.core.embed.EmbedderProvider}, so the modules that open embedders by name need not
 * know it at compile time.
 */
public interface EmbedderProvider {

  /** Short name of the family, for messages ("onnx", "pixels"). */
  String family();

  /** The names this provider answers to with these settings, as users write them (patterns like "pixels-N" allowed). */
  List<String> names(EmbedderSettings settings);

  /**
   * Opens the named embedder, or returns empty when the name is not one of this provider's. Failures to open a
   * name that is this provider's (a missing model file, a bad spec) are thrown with a message saying how to fix
   * them.
   *
   * @param members opens other embedders by name, for providers that declare composites (ensembles)
   */
  Optional<Embedder> open(String name, EmbedderSettings settings, Embedders members);
}
