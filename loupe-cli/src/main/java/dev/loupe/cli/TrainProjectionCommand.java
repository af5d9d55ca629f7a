package dev.loupe.cli;

import dev.loupe.core.index.ItemStore;
import dev.loupe.engine.Loupe;
import dev.loupe.engine.projection.IndexProjection;
import dev.loupe.engine.projection.ProjectionFile;
import dev.loupe.engine.projection.ProjectionTrainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train-projection", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Learn a linear map on top of the index's frozen image vectors from its items' labels (a proxy"
        + " loss: one learned proxy per class and a learned temperature), so that photos of one class end up closer"
        + " together. Items are split per class into training and validation items (by item, seeded); training stops"
        + " when the validation items' mAP has not improved for 10 epochs, and the best epoch is kept. Items without a"
        + " label and classes of one item are left out of training.",
        "Prints the validation mAP with and without the projection and saves it in the index folder"
            + " (.loupe-projection). Searches do not apply it yet: use 'loupe eval ... -c MODEL/project' to measure"
            + " what it gives on held-out photos (docs/projection.md)."})
final class TrainProjectionCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin IndexLocation location;

  @Option(names = "--label", paramLabel = "COL", required = true,
      description = "Metadata column holding each item's class, or 'folder' for the name of its parent folder"
          + " (class/photo.jpg).")
  String label;

  @Option(names = "--dim", paramLabel = "D", defaultValue = "256",
      description = "Output dimension (the map starts as a seeded random projection); 0 = the model's own, starting"
          + " from the identity (five times the work for a 1280-d model) (default: ${DEFAULT-VALUE}).")
  int dimension;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
      description = "Seed of the split, the batches and the start; the same seed gives the same file (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "100",
      description = "Bound on the passes over the training items (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--validation", paramLabel = "F", defaultValue = "0.2",
      description = "Fraction of each class held back for early stopping, 0.05..0.5 (default: ${DEFAULT-VALUE}).")
  double validation;

  @Mixin CommonOptions common;

  @Override
  public Integer call() throws Exception {
    Path index = location.require(spec);
    ProjectionTrainer.Settings d = ProjectionTrainer.Settings.DEFAULTS;
    ProjectionTrainer.Settings settings = ErrorHandler.fromOptions(() -> new ProjectionTrainer.Settings(dimension,
        d.batch(), d.learningRate(), epochs, d.patience(), validation, seed));
    PrintWriter out = spec.commandLine().getOut();
    try (ItemStore store = Loupe.openStore(index, common.config())) {
      IndexProjection.Trained t = IndexProjection.train(store, label, settings, line -> {
        spec.commandLine().getErr().println(line);
        spec.commandLine().getErr().flush();
      });
      ProjectionTrainer.Result r = t.result();
      Path file = ProjectionFile.write(index, r.projection(), t.info());
      out.printf("trained a projection for %s (%d -> %d dimensions) on %d items in %d classes (label %s), %d epochs,"
          + " kept epoch %d; saved %s%n", t.info().embedder(), r.projection().inputDimension(),
          r.projection().outputDimension(), r.trainItems(), r.classes(), label, r.epochs(), r.bestEpoch(), file);
      out.printf("validation: %d items (seed %d), mAP %.4f with the projection, %.4f without%n", r.validationItems(),
          seed, r.validationMap(), r.validationMapWithout());
      if (t.unlabelled() > 0) out.printf("%d items have no %s: gallery only%n", t.unlabelled(), label);
      if (!r.skippedClasses().isEmpty()) {
        out.printf("skipped %d classes with fewer than %d items: %s%n", r.skippedClasses().size(),
            ProjectionTrainer.MIN_CLASS_ITEMS, describe(r.skippedClasses()));
      }
      out.flush();
    }
    return 0;
  }

  private static String describe(Map<String, Integer> skipped) {
    String list = skipped.entrySet().stream().limit(10).map(e -> e.getKey() + " (" + e.getValue() + ")")
        .collect(Collectors.joining(", "));
    return skipped.size() > 10 ? list + ", ..." : list;
  }
}
