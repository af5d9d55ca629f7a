package dev.loupe.bench;

import dev.loupe.core.embed.Embedder;
import dev.loupe.core.embed.EmbedderSettings;
import dev.loupe.core.embed.Embedders;
import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.util.FileTrees;
import dev.loupe.engine.catalog.CsvCatalog;
import dev.loupe.engine.text.TextTowerTrainer;
import dev.loupe.engine.text.TrainedTextTower;
import dev.loupe.eval.CaptionData;
import dev.loupe.eval.TextRetrieval;
import dev.loupe.lucene.LuceneItemStore;
import dev.loupe.onnx.ModelCatalog;
import dev.loupe.report.Markdown;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The caption numbers of docs/text.md: a train-text tower (TF-IDF → ridge) fitted on the captions of a fraction
 * of the photos of a caption CSV (every caption of a training photo is a pair) and measured on the other photos,
 * caption → image and image → caption, against chance. The split is by photo, so no photo or caption of the
 * measured part is seen in training. (train-text itself splits by item, one text per item: with several captions
 * per photo that would put captions of one photo on both sides.)
 */
@Command(name = "text-evidence", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
    description = "Trains a text tower on some photos of a caption CSV and prints its recall on the others (Markdown).",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:failure", "2:usage error"})
public final class TextEvidence implements Callable<Integer> {
  private static final List<Integer> KS = List.of(1, 5, 10);

  @Option(names = "--shared", paramLabel = "DIR", defaultValue = "${sys:loupe.shared:-../shared}",
      description = "The shared folder with models/ and data/ (default: ${DEFAULT-VALUE}).")
  Path shared;

  @Option(names = "--data", paramLabel = "CSV", description = "Caption CSV (default: DIR/data/coco-captions-dev/captions.csv).")
  Path data;

  @Option(names = "--image-column", defaultValue = "image", paramLabel = "C", description = "Image column (default: ${DEFAULT-VALUE}).")
  String imageColumn;

  @Option(names = "--text-column", defaultValue = "caption", paramLabel = "C", description = "Text column (default: ${DEFAULT-VALUE}).")
  String textColumn;

  @Option(names = "--model", paramLabel = "NAME", defaultValue = ModelCatalog.DEFAULT_MODEL,
      description = "Image model (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--train", paramLabel = "F", defaultValue = "0.8",
      description = "Fraction of the photos to train on, between 0.5 and 0.95 (default: ${DEFAULT-VALUE}).")
  double train;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed of the split (default: ${DEFAULT-VALUE}).")
  long seed;

  @Spec CommandSpec spec;

  /** The numbers of one run, for tests. */
  record Result(int trainImages, int trainTexts, double lambda, TextRetrieval.Result textToImage,
      TextRetrieval.Result imageToText) {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new TextEvidence()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (!(train >= 0.5 && train <= 0.95)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--train must be between 0.5 and 0.95, got: " + train);
    }
    Path csv = data != null ? data : shared.resolve("data/coco-captions-dev/captions.csv");
    Result r = measure(csv, imageColumn, textColumn, model, List.of(shared.resolve("models")), train, seed);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "%s, %s: tower trained on %d photos (%d captions, λ = %s), measured on %d photos (%d captions)%n%n",
        csv.getFileName(), model, r.trainImages(), r.trainTexts(), r.lambda(), r.imageToText().queries(),
        r.textToImage().queries());
    List<List<?>> rows = new ArrayList<>();
    for (TextRetrieval.Result d : List.of(r.textToImage(), r.imageToText())) {
      rows.add(row(d.direction(), d.recall(), d.medianRank()));
      rows.add(row("chance", d.chance(), d.chanceMedianRank()));
    }
    out.println(Markdown.table(List.of("direction", "R@1", "R@5", "R@10", "median rank"), rows));
    out.flush();
    return 0;
  }

  private static List<?> row(String name, Map<Integer, Double> recall, double median) {
    List<Object> row = new ArrayList<>(List.of(name));
    for (int k : KS) row.add(String.format(Locale.ROOT, "%.3f", recall.get(k)));
    row.add(String.format(Locale.ROOT, "%.1f", median));
    return row;
  }

  static Result measure(Path csv, String imageColumn, String textColumn, String model, List<Path> modelDirs,
      double trainFraction, long seed) throws Exception {
    CaptionData data = CaptionData.read(csv, new CsvCatalog(imageColumn, imageColumn), textColumn);
    List<float[]> imageVectors;
    IndexSpec spec;
    try (Embedder embedder = Embedders.load(EmbedderSettings.fromEnvironment(modelDirs, 2)).open(model)) {
      imageVectors = TextPairs.embed(embedder, data.images());
      spec = TextPairs.spec(embedder);
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < data.images().size(); i++) order.add(i);
    Collections.shuffle(order, new Random(seed));
    Set<Integer> trainImages = new HashSet<>(order.subList(0, (int) Math.round(order.size() * trainFraction)));
    List<String> trainTexts = new ArrayList<>();
    List<float[]> trainVectors = new ArrayList<>();
    List<String> heldTexts = new ArrayList<>();
    List<Integer> heldImageOfText = new ArrayList<>();
    for (int t = 0; t < data.texts().size(); t++) {
      int image = data.imageOfText().get(t);
      if (trainImages.contains(image)) {
        trainTexts.add(data.texts().get(t));
        trainVectors.add(imageVectors.get(image));
      } else {
        heldTexts.add(data.texts().get(t));
        heldImageOfText.add(image);
      }
    }
    Path dir = Files.createTempDirectory("loupe-text-evidence");
    try (LuceneItemStore store = new TextPairs(trainTexts, trainVectors).index(dir, spec)) {
      // train-text's own held-back pairs (which choose λ) are drawn from the training photos only.
      TrainedTextTower tower = TextTowerTrainer.train(store,
          new TextTowerTrainer.Options(TextPairs.COLUMN, false, seed, 0.2, null)).tower();
      Map<Integer, Integer> row = new HashMap<>();
      List<float[]> heldImages = new ArrayList<>();
      for (int image : order) {
        if (trainImages.contains(image)) continue;
        row.put(image, heldImages.size());
        heldImages.add(tower.imageVector(imageVectors.get(image)));
      }
      float[][] images = heldImages.toArray(float[][]::new);
      float[][] texts = tower.embedTexts(heldTexts);
      List<Set<Integer>> imageOfText = new ArrayList<>();
      List<Set<Integer>> textsOfImage = new ArrayList<>();
      for (int i = 0; i < images.length; i++) textsOfImage.add(new HashSet<>());
      for (int t = 0; t < texts.length; t++) {
        int r = row.get(heldImageOfText.get(t));
        imageOfText.add(Set.of(r));
        textsOfImage.get(r).add(t);
      }
      return new Result(trainImages.size(), trainTexts.size(), tower.info().lambda(),
          TextRetrieval.evaluate("caption → image", texts, images, imageOfText, KS),
          TextRetrieval.evaluate("image → caption", images, texts, textsOfImage, KS));
    } finally {
      FileTrees.delete(dir);
    }
  }
}
