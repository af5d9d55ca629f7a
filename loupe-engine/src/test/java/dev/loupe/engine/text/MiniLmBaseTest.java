package dev.loupe.engine.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.index.ItemStore;
import dev.loupe.core.query.Hit;
import dev.loupe.core.query.SearchRequest;
import dev.loupe.engine.Loupe;
import dev.loupe.onnx.MiniLmSentenceEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MiniLM base on fashion-dev with the default image model: held-back recall, unseen words, base checksum. */
class MiniLmBaseTest {
  static final String MODEL = "mobilenetv2-tf2-ptq";
  @TempDir static Path tmp;
  private static Path fashion;
  private static TextTowerTrainer.Trained trained;

  @BeforeAll
  static void trainOnFashion() throws Exception {
    fashion = TowerIndexes.fashion(tmp.resolve("fashion"), MODEL);
    try (ItemStore store = Loupe.openStore(fashion, TowerIndexes.config(MODEL))) {
      trained = TextTowerTrainer.train(store,
          new TextTowerTrainer.Options("productDisplayName", false, 42, 0.2, "articleType", "minilm"));
    }
  }

  @AfterAll
  static void close() {
    trained.close();
  }

  @Test
  void heldBackTitlesFindTheirImagesFarAboveChance() {
    CrossModalRecall r = trained.validation();
    assertEquals(382, r.pairs());
    assertEquals("minilm", trained.tower().info().base());
    assertEquals(MiniLmSentenceEncoder.modelSha256(), trained.tower().info().baseChecksum());
    // Measured (seed 42): title → image R@1 0.19, R@10 0.63; image → title R@10 0.69; chance R@1 0.0026.
    assertTrue(r.textToImage().recallAt1() > 25 * r.chance(1), "title → image R@1 " + r.textToImage());
    assertTrue(r.textToImage().recallAt10() > 0.4, "title → image R@10 " + r.textToImage());
    assertTrue(r.imageToText().recallAt10() > 0.45, "image → title R@10 " + r.imageToText());
    assertTrue(r.textToImage().groupPrecisionAt10() > 5 * r.textToImage().groupChance(), "same articleType " + r.textToImage());
  }

  @Test
  void wordsTheCatalogueNeverUsesFindTheRightArticleType() throws Exception {
    TowerFile.write(fashion, trained.base(), trained.weights(), trained.mean(), trained.tower().info());
    try (Loupe loupe = Loupe.open(fashion, TowerIndexes.config(MODEL))) {
      assertEquals("minilm-ridge", loupe.textEmbedder().descriptor().name());
      // No title holds these words; the TF-IDF tower finds 0 of 10 for each. Measured: 10, 10, 10 of 10.
      for (List<String> q : List.of(List.of("wristwatch", "Watches"), List.of("shades", "Sunglasses"),
          List.of("spectacles", "Sunglasses"))) {
        List<Hit> hits = loupe.searchText(q.get(0), SearchRequest.topK(10));
        long right = hits.stream().filter(h -> h.metadata().get("articleType").equals(q.get(1))).count();
        assertTrue(right >= 6, q + ": " + right + " of 10");
      }
    } finally {
      Files.delete(TowerFile.of(fashion));
    }
  }

  @Test
  void aTowerWhoseBaseChecksumDiffersIsRefused() throws Exception {
    TowerInfo info = trained.tower().info();
    TowerInfo other = new TowerInfo(info.imageEmbedder(), info.imageChecksum(), info.indexIdentity(), info.probeIds(),
        info.column(), info.fromLabels(), info.seed(), info.validation(), info.lambda(), info.trainPairs(),
        info.validationPairs(), info.base(), "0".repeat(64), info.objective(), info.logitScale());
    TowerFile.write(fashion, trained.base(), trained.weights(), trained.mean(), other);
    try (Loupe loupe = Loupe.open(fashion, TowerIndexes.config(MODEL))) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> loupe.searchText("shirt", SearchRequest.topK(3)));
      assertEquals("text tower " + TowerFile.of(fashion) + " was trained on text base minilm with checksum 000000000000,"
          + " but this Loupe's MiniLM graph has checksum " + MiniLmSentenceEncoder.modelSha256().substring(0, 12)
          + "; run loupe train-text again", e.getMessage());
    } finally {
      Files.delete(TowerFile.of(fashion));
    }
  }
}
