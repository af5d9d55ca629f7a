package dev.loupe.onnx;

import dev.loupe.core.embed.Embedder;
import dev.loupe.core.embed.EmbedderProvider;
import dev.loupe.core.embed.EmbedderSettings;
import dev.loupe.core.embed.Embedders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ONNX models of the {@link ModelCatalog} (built-in specs plus {@code NAME.loupe.json} specs in the model
 * directories) and the ensembles declared in {@code NAME.ensemble.json} specs.
 */
public final class OnnxEmbedderProvider implements EmbedderProvider {

  @Override
  public String family() {
    return "onnx";
  }

  @Override
  public List<String> names(EmbedderSettings settings) {
    ModelCatalog catalog = catalog(settings);
    List<String> names = new ArrayList<>();
    catalog.specs().forEach(s -> names.add(s.name()));
    catalog.ensembles().forEach(e -> names.add(e.name()));
    return names;
  }

  @Override
  public Optional<Embedder> open(String name, EmbedderSettings settings, Embedders members) {
    ModelCatalog catalog = catalog(settings);
    var declared = catalog.ensemble(name);
    if (declared.isPresent()) {
      List<Map.Entry<String, Double>> weights = declared.get().members().stream()
          .map(m -> Map.entry(m.model(), m.weight())).toList();
      return Optional.of(members.openEnsemble(name, weights));
    }
    if (catalog.find(name).isEmpty()) return Optional.empty();
    return Optional.of(catalog.open(name, settings.intraOpThreads()));
  }

  /** The catalogue seen from these settings' model directories. */
  public static ModelCatalog catalog(EmbedderSettings settings) {
    return ModelCatalog.load(ModelPaths.of(settings));
  }
}
