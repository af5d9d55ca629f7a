package dev.loupe.eval;

import dev.loupe.core.embed.EmbedderDescriptor;
import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.index.Item;
import dev.loupe.core.index.MemoryItemStore;
import dev.loupe.core.query.Metric;
import dev.loupe.engine.text.Objective;
import dev.loupe.engine.text.TextTowerTrainer;
import dev.loupe.engine.text.TowerInfo;
import dev.loupe.engine.text.TrainedTextTower;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A tower trained as {@code loupe train-text} trains it, measured on images it never saw. The images (not the texts:
 * COCO has five captions a photo) are split with a seeded shuffle; every text of a training image is a training pair,
 * and the trainer draws its own held-back pairs (which choose the ridge penalty or stop the contrastive epochs) from
 * those only. The measured images and all their texts take no part in training.
 */
final class TrainedTowerEvaluation {
  /** The metadata column the training items carry their text in. */
  private static final String COLUMN = "text";

  private TrainedTowerEvaluation() {}

  /**
   * @param trainImages images whose texts trained the tower
   * @param trainTexts training pairs
   * @param tower what the trainer chose (penalty, temperature, ...)
   * @param scoreByObjective the trainer's held-back mean reciprocal rank of each objective it trained
   * @param heldImages the measured images, indexes into the data's images
   */
  record Split(int trainImages, int trainTexts, TowerInfo tower, Map<Objective, Double> scoreByObjective,
      List<Integer> heldImages, float[][] images, float[][] texts, List<Integer> imageOfText) {}

  /**
   * @param images each image's vector (null for an image that could not be read: left out with its texts)
   * @param trainFraction share of the images to train on
   */
  static Split run(CaptionData data, List<float[]> images, EmbedderDescriptor embedder, TowerRecipe recipe,
      double trainFraction, long seed) throws IOException {
    List<Integer> readable = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) if (images.get(i) != null) readable.add(i);
    Collections.shuffle(readable, new Random(seed));
    int cut = (int) Math.round(readable.size() * trainFraction);
    Set<Integer> train = new HashSet<>(readable.subList(0, cut));
    List<Integer> held = readable.subList(cut, readable.size()).stream().sorted().toList();
    if (held.isEmpty()) throw new IllegalArgumentException("--train " + trainFraction + " leaves no image to measure");

    MemoryItemStore store = new MemoryItemStore(new IndexSpec(embedder, Metric.COSINE, IndexSpec.HnswParams.DEFAULT));
    int pairs = 0;
    for (int t = 0; t < data.texts().size(); t++) {
      int image = data.imageOfText().get(t);
      if (!train.contains(image)) continue;
      store.put(new Item("t" + t, data.images().get(image).toString(), "", 0, 0, 0, 0,
          Map.of(COLUMN, data.texts().get(t))), List.of(images.get(image)));
      pairs++;
    }
    store.commit();
    var options = new TextTowerTrainer.Options(COLUMN, false, seed, 0.2, null, recipe.base(), recipe.objective());
    try (TextTowerTrainer.Trained trained = TextTowerTrainer.train(store, options)) {
      TrainedTextTower tower = trained.tower();
      Map<Integer, Integer> row = new java.util.HashMap<>();
      float[][] heldVectors = new float[held.size()][];
      for (int r = 0; r < held.size(); r++) {
        row.put(held.get(r), r);
        heldVectors[r] = tower.imageVector(images.get(held.get(r)));
      }
      CaptionData.Texts measured = data.textsOf(row);
      return new Split(train.size(), pairs, tower.info(), trained.scoreByObjective(), held, heldVectors, tower.embedTexts(measured.texts()),
          measured.imageRows());
    }
  }
}
