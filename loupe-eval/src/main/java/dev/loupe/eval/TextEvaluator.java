package dev.loupe.eval;

import dev.loupe.core.embed.Embedder;
import dev.loupe.core.embed.EmbedderSettings;
import dev.loupe.core.embed.Embedders;
import dev.loupe.core.embed.TextEmbedder;
import dev.loupe.image.DecodeOptions;
import dev.loupe.image.ImageDecodeException;
import dev.loupe.image.ImageDecoder;
import dev.loupe.onnx.ModelPaths;
import dev.loupe.onnx.TextModelCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Text → image and image → text retrieval of one image model and its text tower on {@link CaptionData}: every
 * image embedded once by the image model (decoded as {@code loupe index} decodes), every text once by the tower.
 * An unreadable image is named and left out with its texts.
 */
public final class TextEvaluator {
  private final EmbedderSettings settings;
  private final List<Integer> ks;
  private final Consumer<String> log;

  public TextEvaluator(EmbedderSettings settings, List<Integer> ks, Consumer<String> log) {
    this.settings = settings;
    this.ks = List.copyOf(ks);
    this.log = log;
  }

  /** Both directions for {@code model}; fails naming the model when it has no text tower. */
  public List<TextRetrieval.Result> run(CaptionData data, String model) throws IOException {
    try (Embedder embedder = Embedders.load(settings).open(model, 1);
        TextEmbedder tower = TextModelCatalog.load(ModelPaths.of(settings)).openForImageModel(model, 1)) {
      List<float[]> vectors = embedImages(embedder, data);
      List<float[]> imageVectors = new ArrayList<>();
      Map<Integer, Integer> kept = new HashMap<>(); // image index in data → row in imageVectors
      for (int i = 0; i < vectors.size(); i++) {
        if (vectors.get(i) == null) continue;
        kept.put(i, imageVectors.size());
        imageVectors.add(vectors.get(i));
      }
      CaptionData.Texts measured = data.textsOf(kept);
      List<String> texts = measured.texts();
      List<Integer> imageOf = measured.imageRows();
      if (texts.isEmpty()) throw new IOException("no readable image with a text: nothing to evaluate");
      log.accept(model + ": " + imageVectors.size() + " images, " + texts.size() + " texts");
      List<Integer> imageRows = kept.entrySet().stream().sorted(Map.Entry.comparingByValue()).map(Map.Entry::getKey).toList();
      return both(data, imageVectors.toArray(float[][]::new), imageRows, tower.embedTexts(texts), imageOf);
    }
  }

  /**
   * Both directions for {@code model} with towers this evaluation trains itself, one per recipe, on the texts of
   * {@code trainFraction} of the images (split by {@code seed}), measured on the other images and their texts.
   *
   * @return each recipe's results, by recipe
   */
  public Map<TowerRecipe, List<TextRetrieval.Result>> runTrained(CaptionData data, String model,
      List<TowerRecipe> recipes, double trainFraction, long seed) throws IOException {
    List<float[]> vectors;
    dev.loupe.core.embed.EmbedderDescriptor descriptor;
    try (Embedder embedder = Embedders.load(settings).open(model, 1)) {
      vectors = embedImages(embedder, data);
      descriptor = embedder.descriptor();
    }
    Map<TowerRecipe, List<TextRetrieval.Result>> out = new java.util.LinkedHashMap<>();
    for (TowerRecipe recipe : recipes) {
      long start = System.nanoTime();
      TrainedTowerEvaluation.Split s = TrainedTowerEvaluation.run(data, vectors, descriptor, recipe, trainFraction, seed);
      var info = s.tower();
      log.accept(String.format(java.util.Locale.ROOT,
          "%s + %s: trained on %d images (%d texts; %s%s, temperature %.1f) in %.1f s, measuring %d images, %d texts",
          model, recipe, s.trainImages(), s.trainTexts(),
          info.objective().equals("ridge") ? "ridge, lambda " + info.lambda() : "contrastive",
          s.scoreByObjective().size() > 1 ? " kept by held-back MRR " + scores(s.scoreByObjective()) : "",
          info.logitScale(),
          (System.nanoTime() - start) / 1e9, s.images().length, s.texts().length));
      out.put(recipe, both(data, s.images(), s.heldImages(), s.texts(), s.imageOfText()));
    }
    return out;
  }

  private static String scores(Map<dev.loupe.engine.text.Objective, Double> byObjective) {
    List<String> parts = new ArrayList<>();
    byObjective.forEach((o, mrr) -> parts.add(o.label() + String.format(java.util.Locale.ROOT, " %.3f", mrr)));
    return String.join(" / ", parts);
  }

  /**
   * @param imageRows for each image vector, its index in the data's images
   * @param imageOf for each text vector, its row in {@code images}
   */
  private List<TextRetrieval.Result> both(CaptionData data, float[][] images, List<Integer> imageRows,
      float[][] texts, List<Integer> imageOf) {
    List<Set<Integer>> imageOfText = new ArrayList<>();
    List<Set<Integer>> textsOfImage = new ArrayList<>();
    for (int i = 0; i < images.length; i++) textsOfImage.add(new HashSet<>());
    for (int t = 0; t < texts.length; t++) {
      imageOfText.add(Set.of(imageOf.get(t)));
      textsOfImage.get(imageOf.get(t)).add(t);
    }
    TextRetrieval.Groups textToImage = null;
    TextRetrieval.Groups imageToText = null;
    if (data.groups() != null) {
      List<String> imageGroups = imageRows.stream().map(data.groups()::get).toList();
      List<String> textGroups = imageOf.stream().map(imageGroups::get).toList();
      textToImage = new TextRetrieval.Groups(textGroups, imageGroups);
      imageToText = new TextRetrieval.Groups(imageGroups, textGroups);
    }
    return List.of(TextRetrieval.evaluate("text→image", texts, images, imageOfText, ks, textToImage),
        TextRetrieval.evaluate("image→text", images, texts, textsOfImage, ks, imageToText));
  }

  /** Each image's vector, decoded as {@code loupe index} decodes; null for an image that cannot be read (named). */
  private List<float[]> embedImages(Embedder embedder, CaptionData data) {
    List<float[]> out = new ArrayList<>();
    for (Path file : data.images()) {
      try {
        out.add(embedder.embed(ImageDecoder.decode(Files.readAllBytes(file), file.toString(),
            DecodeOptions.DEFAULTS.withMinShorterSide(embedder.minInputSide())).image()));
      } catch (ImageDecodeException e) {
        log.accept("skipped " + file + ": " + e.reason());
        out.add(null);
      } catch (IOException e) {
        log.accept("skipped " + file + ": cannot read (" + e.getMessage() + ")");
        out.add(null);
      }
    }
    return out;
  }
}
