package dev.loupe.cli;

import dev.loupe.core.index.ItemStore;
import dev.loupe.engine.Loupe;
import dev.loupe.engine.projection.IndexProjection;
import dev.loupe.engine.projection.ProjectionFile;
import dev.loupe.engine.projection.ProjectionTrainer;
import dev.loupe.engine.ranking.LearnedSearch;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

@Command(name = "train-projection", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Learn a linear map on top of the index's frozen image vectors from its items' labels (a proxy"
        + " loss: one learned proxy per class and a learned temperature), so that photos of one class end up closer"
        + " together. Items are split per class into training and validation items (by item, seeded); training stops"
        + " when the validation items' mAP has not improved for 10 epochs, and the best epoch is kept. Items without a"
        + " label and classes of one item are left out of training.",
        "Prints the validation mAP with and without the projection and, when it is the better, saves it in the index"
            + " folder (.loupe-projection): plain image searches (CLI and server) then re-rank their top "
            + LearnedSearch.CANDIDATES + " candidates (or k if more) by the cosine through it. It helps the classes it"
            + " was trained on and can hurt classes it never saw: 'loupe eval ... -c MODEL/project' measures it on"
            + " held-out photos (docs/projection.md); --remove takes it off the index."})
final class TrainProjectionCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin IndexLocation location;

  @Option(names = "--label", paramLabel = "COL",
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

  @Option(names = "--remove", description = "Remove the index's saved projection (searches rank by the model's own"
      + " cosine again) and train nothing.")
  boolean remove;

  @Option(names = "--dry-run", description = "Train and report, but save nothing.")
  boolean dryRun;

  @Mixin CommonOptions common;

  @Override
  public Integer call() throws Exception {
    Path index = location.require(spec);
    PrintWriter out = spec.commandLine().getOut();
    if (remove) {
      if (label != null) throw new ParameterException(spec.commandLine(), "--remove trains nothing: drop --label");
      boolean removed = ProjectionFile.remove(index);
      out.println(removed ? "removed the projection of " + Printable.escape(index) : "the index has no projection");
      out.flush();
      return 0;
    }
    if (label == null) throw new ParameterException(spec.commandLine(), "Missing required option: '--label=COL'");
    ProjectionTrainer.Settings d = ProjectionTrainer.Settings.DEFAULTS;
    ProjectionTrainer.Settings settings = ErrorHandler.fromOptions(() -> new ProjectionTrainer.Settings(dimension,
        d.batch(), d.learningRate(), epochs, d.patience(), validation, seed));
    try (ItemStore store = Loupe.openStore(index, common.config())) {
      IndexProjection.Trained t = IndexProjection.train(store, label, settings, line -> {
        spec.commandLine().getErr().println(line);
        spec.commandLine().getErr().flush();
      });
      ProjectionTrainer.Result r = t.result();
      out.printf("trained a projection for %s (%d -> %d dimensions) on %d items in %d classes (label %s), %d epochs,"
          + " kept epoch %d%n", t.info().embedder(), r.projection().inputDimension(),
          r.projection().outputDimension(), r.trainItems(), r.classes(), label, r.epochs(), r.bestEpoch());
      out.printf("validation: %d items (seed %d), mAP %.4f with the projection, %.4f without%n", r.validationItems(),
          seed, r.validationMap(), r.validationMapWithout());
      if (!(r.validationMap() > r.validationMapWithout())) {
        out.printf("not saved: the projection does not beat the model's own cosine on the validation items%n");
      } else if (dryRun) {
        out.printf("--dry-run: not saved%n");
      } else {
        Path file = ProjectionFile.write(index, r.projection(), t.info());
        out.printf("saved %s: plain image searches of this index now re-rank their top %d candidates through it%n",
            Printable.escape(file), LearnedSearch.CANDIDATES);
      }
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
