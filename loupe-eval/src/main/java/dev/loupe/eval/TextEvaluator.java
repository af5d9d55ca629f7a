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
      List<float[]> imageVectors = new ArrayList<>();
      Map<Integer, Integer> kept = new HashMap<>(); // image index in data → row in imageVectors
      for (int i = 0; i < data.images().size(); i++) {
        Path file = data.images().get(i);
        try {
          imageVectors.add(embedder.embed(ImageDecoder.decode(Files.readAllBytes(file), file.toString(),
              DecodeOptions.DEFAULTS.withMinShorterSide(embedder.minInputSide())).image()));
          kept.put(i, kept.size());
        } catch (ImageDecodeException e) {
          log.accept("skipped " + file + ": " + e.reason());
        } catch (IOException e) {
          log.accept("skipped " + file + ": cannot read (" + e.getMessage() + ")");
        }
      }
      List<String> texts = new ArrayList<>();
      List<Integer> imageOf = new ArrayList<>();
      for (int t = 0; t < data.texts().size(); t++) {
        Integer row = kept.get(data.imageOfText().get(t));
        if (row == null) continue;
        texts.add(data.texts().get(t));
        imageOf.add(row);
      }
      if (texts.isEmpty()) throw new IOException("no readable image with a text: nothing to evaluate");
      log.accept(model + ": " + imageVectors.size() + " images, " + texts.size() + " texts");
      float[][] images = imageVectors.toArray(float[][]::new);
      float[][] textVectors = tower.embedTexts(texts);
      List<Set<Integer>> imageOfText = new ArrayList<>();
      List<Set<Integer>> textsOfImage = new ArrayList<>();
      for (int i = 0; i < images.length; i++) textsOfImage.add(new HashSet<>());
      for (int t = 0; t < texts.size(); t++) {
        imageOfText.add(Set.of(imageOf.get(t)));
        textsOfImage.get(imageOf.get(t)).add(t);
      }
      return List.of(TextRetrieval.evaluate("text→image", textVectors, images, imageOfText, ks),
          TextRetrieval.evaluate("image→text", images, textVectors, textsOfImage, ks));
    }
  }
}
