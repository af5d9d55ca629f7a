package dev.loupe.engine.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.index.ItemStore;
import dev.loupe.core.query.Hit;
import dev.loupe.core.query.SearchRequest;
import dev.loupe.engine.Loupe;
import dev.loupe.engine.catalog.CatalogEntry;
import dev.loupe.engine.catalog.CsvCatalog;
import dev.loupe.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Text base (b): learned word embeddings trained with InfoNCE, on real indexes. */
class ContrastiveTowerTest {
  @TempDir static Path tmp;

  private static TextTowerTrainer.Options contrastive(long seed, String group) {
    return new TextTowerTrainer.Options("productDisplayName", false, seed, 0.2, group, TfidfBase.NAME,
        Objective.CONTRASTIVE);
  }

  private static TextTowerTrainer.Trained train(Path index, String model, TextTowerTrainer.Options o) throws Exception {
    try (ItemStore store = Loupe.openStore(index, TowerIndexes.config(model))) {
      return TextTowerTrainer.train(store, o);
    }
  }

  @Test
  void heldBackTitlesFindTheirImagesFarAboveChanceAndTheTowerAnswersSearches() throws Exception {
    Path fashion = TowerIndexes.fashion(tmp.resolve("fashion"), "mobilenetv2-tf2-ptq");
    try (TextTowerTrainer.Trained t = train(fashion, "mobilenetv2-tf2-ptq", contrastive(42, "articleType"))) {
      CrossModalRecall r = t.validation();
      // Measured (seed 42): title → image R@1 0.28, R@10 0.79; image → title R@10 0.78; chance R@10 0.026.
      assertTrue(r.textToImage().recallAt10() > 0.6, "title → image " + r.textToImage());
      assertTrue(r.imageToText().recallAt10() > 0.6, "image → title " + r.imageToText());
      assertTrue(r.textToImage().recallAt1() > 40 * r.chance(1), "title → image R@1 " + r.textToImage());
      assertTrue(t.epochs() > 1 && t.scoreByLambda().isEmpty(), "trained by epochs, no ridge penalty");
      TowerInfo info = t.tower().info();
      assertEquals("contrastive", info.objective());
      assertTrue(info.logitScale() > 1 && info.logitScale() <= 100, "learned temperature " + info.logitScale());

      TowerFile.write(fashion, t.base(), t.weights(), t.mean(), info);
      try (Loupe loupe = Loupe.open(fashion, TowerIndexes.config("mobilenetv2-tf2-ptq"))) {
        assertEquals("tfidf-contrastive", loupe.textEmbedder().descriptor().name());
        assertEquals(info.logitScale(), loupe.textTemperature(), 1e-9, "zero-shot uses the learned temperature");
        List<Hit> hits = loupe.searchText("Women Handbag", SearchRequest.topK(10));
        long bags = hits.stream().filter(h -> h.metadata().get("articleType").equals("Handbags")).count();
        assertTrue(bags >= 7, "handbags for a handbag title: " + hits);
      }
    }
  }

  @Test
  void aFixedSeedGivesTheSameTowerBitForBit() throws Exception {
    List<CatalogEntry> products = new CsvCatalog("id", "image").read(SharedData.data("fashion-dev/products.csv"));
    Path index = TowerIndexes.index(tmp.resolve("p16"), "pixels-16", products.subList(0, 300));
    try (TextTowerTrainer.Trained a = train(index, "pixels-16", contrastive(5, null));
        TextTowerTrainer.Trained b = train(index, "pixels-16", contrastive(5, null))) {
      assertEquals(a.tower().info(), b.tower().info());
      assertEquals(a.tower().descriptor(), b.tower().descriptor(), "same file checksum");
      for (int i = 0; i < a.weights().length; i++) assertArrayEquals(a.weights()[i], b.weights()[i], 0f, "word " + i);
      assertEquals(a.epochs(), b.epochs());
      // Read back from its file, the tower embeds exactly as trained.
      TowerFile.write(index, a.base(), a.weights(), a.mean(), a.tower().info());
      TrainedTextTower read = TowerFile.read(index).orElseThrow();
      assertEquals("contrastive", read.info().objective());
      assertArrayEquals(a.tower().embedText("Men Blue Shirt"), read.embedText("Men Blue Shirt"), 0f);
      Files.delete(TowerFile.of(index));
    }
  }
}
