package dev.loupe.engine.projection;

import dev.loupe.core.index.ItemStore;
import java.io.IOException;
import java.util.function.Consumer;

/** Trains a projection on an index's stored vectors and its items' labels ({@code loupe train-projection}). */
public final class IndexProjection {
  private IndexProjection() {}

  /**
   * @param unlabelled items without a label (gallery only)
   */
  public record Trained(ProjectionTrainer.Result result, ProjectionInfo info, int unlabelled) {}

  /** @param log receives one line per epoch */
  public static Trained train(ItemStore store, String label, ProjectionTrainer.Settings settings,
      Consumer<String> log) throws IOException {
    IndexLabels.Labels labels = IndexLabels.read(store, label);
    ProjectionTrainer.Result r = ProjectionTrainer.train(labels.labelled(), settings, log);
    ProjectionInfo info = new ProjectionInfo(store.spec().embedder().name(), label, settings.seed(), r.epochs(),
        r.bestEpoch(), r.validationMap(), r.validationMapWithout(), r.trainItems(), r.validationItems(), r.classes());
    return new Trained(r, info, labels.unlabelled());
  }
}
