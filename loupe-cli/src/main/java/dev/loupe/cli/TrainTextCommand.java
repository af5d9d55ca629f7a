package dev.loupe.cli;

import dev.loupe.core.index.ItemStore;
import dev.loupe.engine.Loupe;
import dev.loupe.engine.text.CrossModalRecall;
import dev.loupe.engine.text.TextBase;
import dev.loupe.engine.text.TextTowerTrainer;
import dev.loupe.engine.text.TowerFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train-text", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Train a text tower on the index's own texts (a text base - TF-IDF of the words, or the pretrained"
        + " MiniLM sentence encoder - then ridge regression onto the image vectors in closed form, or learned"
        + " embeddings trained with a contrastive loss), so that 'loupe search --text' works on an index built with"
        + " any image model.",
        "The tower is saved in the index folder and used by text searches of that index from then on. It reports"
            + " recall on the held-back items (title -> image and image -> title) against chance."})
final class TrainTextCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin IndexLocation location;

  @Option(names = "--column", paramLabel = "COL",
      description = "Metadata column holding each item's text (e.g. a product title or caption).")
  String column;

  @Option(names = "--from-labels", paramLabel = "COL",
      description = "Instead of --column: a label column; each item's text is 'a photo of a LABEL'.")
  String labels;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
      description = "Seed of the train/validation split by item; the same seed gives the same tower (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--validation", paramLabel = "F", defaultValue = "0.2",
      description = "Fraction of the items held back to choose the ridge penalty and report recall, 0.05..0.5 (default: ${DEFAULT-VALUE}).")
  double validation;

  @Option(names = "--group", paramLabel = "COL",
      description = "Also report precision@10 of held-back items sharing this column's value (e.g. articleType).")
  String group;

  @Option(names = "--base", paramLabel = "BASE", defaultValue = TextBase.DEFAULT,
      description = "Text base: tfidf (words of the index's own texts) or minilm (all-MiniLM-L6-v2 sentence vectors,"
          + " knows words the catalogue never uses) (default: ${DEFAULT-VALUE}).")
  String base;

  @Option(names = "--objective", paramLabel = "OBJ", defaultValue = "auto",
      description = "How the tower is fitted: contrastive (learned embeddings of the base's features, pooled and"
          + " projected, trained with the symmetric InfoNCE loss and a learned temperature; early stopping on the"
          + " held-back items; tens of seconds per thousand items), ridge (closed form, seconds), or auto (both;"
          + " keeps the one that ranks the held-back items better) (default: ${DEFAULT-VALUE}).")
  String objective;

  @Mixin CommonOptions common;

  @Override
  public Integer call() throws Exception {
    Path index = location.require(spec);
    if ((column == null) == (labels == null)) {
      throw new ErrorHandler.UsageException("give exactly one of --column COL or --from-labels COL");
    }
    TextTowerTrainer.Options options = ErrorHandler.fromOptions(() -> new TextTowerTrainer.Options(
        column != null ? column : labels, labels != null, seed, validation, group, base,
        dev.loupe.engine.text.Objective.parse(objective)));
    PrintWriter out = spec.commandLine().getOut();
    try (ItemStore store = Loupe.openStore(index, common.config());
        TextTowerTrainer.Trained t = TextTowerTrainer.train(store, options, line -> {
          spec.commandLine().getErr().println(line);
          spec.commandLine().getErr().flush();
        })) {
      Path file = TowerFile.write(index, t.base(), t.weights(), t.mean(), t.tower().info());
      var info = t.tower().info();
      CrossModalRecall r = t.validation();
      String fitted = info.objective().equals("ridge") ? "lambda " + info.lambda() : t.epochs() + " epochs";
      out.printf("trained a text tower for %s on %d items (base %s, %d features, %s, %s, temperature %.1f) in %.1f s;"
          + " saved %s%n", info.imageEmbedder(), info.trainPairs(), info.base(), t.base().size(), info.objective(),
          fitted, info.logitScale(), t.millis() / 1000.0, file);
      out.printf("held back %d items (seed %d): chance R@1 %.4f, R@10 %.4f%n", r.pairs(), seed, r.chance(1), r.chance(10));
      print(out, "text -> image", r.textToImage());
      print(out, "image -> text", r.imageToText());
      out.flush();
    }
    return 0;
  }

  private static void print(PrintWriter out, String name, CrossModalRecall.Direction d) {
    out.printf("%-14s R@1 %.3f  R@5 %.3f  R@10 %.3f  median rank %s", name, d.recallAt1(), d.recallAt5(),
        d.recallAt10(), d.medianRank());
    if (!Double.isNaN(d.groupPrecisionAt10())) {
      out.printf("  same-group P@10 %.3f (chance %.3f)", d.groupPrecisionAt10(), d.groupChance());
    }
    out.println();
  }
}
