package dev.loupe.engine.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.index.ItemStore;
import dev.loupe.core.query.Hit;
import dev.loupe.core.query.SearchRequest;
import dev.loupe.core.query.Vectors;
import dev.loupe.engine.Loupe;
import dev.loupe.engine.catalog.CatalogEntry;
import dev.loupe.engine.catalog.CsvCatalog;
import dev.loupe.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training the closed-form tower on real indexes: what it learns, that it is repeatable, and what it refuses. */
class TextTowerTrainerTest {
  @TempDir static Path tmp;
  private static Path fashion;

  @BeforeAll
  static void indexFashion() throws Exception {
    fashion = TowerIndexes.fashion(tmp.resolve("fashion"), "mobilenetv2-tf2-ptq");
  }

  private static TextTowerTrainer.Trained train(Path index, String model, TextTowerTrainer.Options o) throws Exception {
    try (ItemStore store = Loupe.openStore(index, TowerIndexes.config(model))) {
      return TextTowerTrainer.train(store, o);
    }
  }

  private static TextTowerTrainer.Options titles(long seed) {
    return new TextTowerTrainer.Options("productDisplayName", false, seed, 0.2, "articleType");
  }

  @Test
  void heldBackTitlesFindTheirImagesFarAboveChance() throws Exception {
    TextTowerTrainer.Trained t = train(fashion, "mobilenetv2-tf2-ptq", titles(42));
    CrossModalRecall r = t.validation();
    assertEquals(382, r.pairs(), "20% of 1,912 products held back");
    // Measured (seed 42): title → image R@1 0.19, R@10 0.68; image → title R@10 0.76; chance R@1 0.0026.
    assertTrue(r.textToImage().recallAt1() > 30 * r.chance(1), "title → image R@1 " + r.textToImage());
    assertTrue(r.textToImage().recallAt10() > 0.45, "title → image R@10 " + r.textToImage());
    assertTrue(r.imageToText().recallAt10() > 0.5, "image → title R@10 " + r.imageToText());
    assertTrue(r.textToImage().groupPrecisionAt10() > 5 * r.textToImage().groupChance(), "same articleType " + r.textToImage());
    assertTrue(t.validation().textToImage().medianRank() < 20, "median rank " + r.textToImage().medianRank());
  }

  @Test
  void theSavedTowerAnswersTextSearchesOfItsIndex() throws Exception {
    TextTowerTrainer.Trained t = train(fashion, "mobilenetv2-tf2-ptq", titles(42));
    TowerFile.write(fashion, t.base(), t.weights(), t.mean(), t.tower().info());
    try (Loupe loupe = Loupe.open(fashion, TowerIndexes.config("mobilenetv2-tf2-ptq"))) {
      assertEquals(TrainedTextTower.BASE, loupe.textEmbedder().descriptor().name(), "the index's own tower is used");
      List<Hit> hits = loupe.searchText("Nike Men Blue Sports Shoes", SearchRequest.topK(10));
      long shoes = hits.stream().filter(h -> h.metadata().get("articleType").contains("Shoes")).count();
      assertTrue(shoes >= 7, "shoes for a shoe title: " + hits);
      float[] q = t.tower().embedText("Nike Men Blue Sports Shoes");
      // Scored as trained: the cosine of the text's vector and the item's vector minus the mean.
      for (Hit h : hits) {
        float[] x = loupe.store().vector(h.id()).orElseThrow();
        for (int c = 0; c < x.length; c++) x[c] -= t.mean()[c];
        assertEquals(Vectors.cosine(q, x), h.score(), 1e-4, h.id());
      }
    } finally {
      Files.delete(TowerFile.of(fashion));
    }
  }

  @Test
  void theSameSeedGivesTheSameTowerAndAnotherSeedAnotherSplit() throws Exception {
    TextTowerTrainer.Trained a = train(fashion, "mobilenetv2-tf2-ptq", titles(7));
    TextTowerTrainer.Trained b = train(fashion, "mobilenetv2-tf2-ptq", titles(7));
    assertEquals(a.tower().info(), b.tower().info());
    assertEquals(a.tower().descriptor(), b.tower().descriptor(), "same file checksum");
    for (int i = 0; i < a.weights().length; i++) assertArrayEquals(a.weights()[i], b.weights()[i], 0f, "word " + i);
    List<String> texts = List.of("Puma Men Black Shoes", "Women Red Handbag", "");
    float[][] va = a.tower().embedTexts(texts);
    float[][] vb = b.tower().embedTexts(texts);
    for (int i = 0; i < texts.size(); i++) assertArrayEquals(va[i], vb[i], 0f, texts.get(i));
    TextTowerTrainer.Trained c = train(fashion, "mobilenetv2-tf2-ptq", titles(8));
    assertFalse(c.tower().info().probeIds().equals(a.tower().info().probeIds()), "another seed, another split");
  }

  @Test
  void badColumnsAreRefusedWithOneLineNamingTheCounts() throws Exception {
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> train(fashion,
        "mobilenetv2-tf2-ptq", new TextTowerTrainer.Options("caption", false, 1, 0.2, null)));
    assertTrue(missing.getMessage().startsWith("column caption is not in this index's metadata")
        && missing.getMessage().contains("productDisplayName"), missing.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new TextTowerTrainer.Options("x", false, 1, 0.9, null));

    // 30 products, of which only 10 have a title: mostly empty.
    List<CatalogEntry> all = new CsvCatalog("id", "image").read(SharedData.data("fashion-dev/products.csv")).subList(0, 30);
    List<CatalogEntry> sparse = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      Map<String, String> m = new HashMap<>(all.get(i).metadata());
      if (i >= 10) m.put("productDisplayName", " ");
      sparse.add(new CatalogEntry(all.get(i).id(), all.get(i).file(), m));
    }
    Path index = TowerIndexes.index(tmp.resolve("sparse"), "pixels-16", sparse);
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
        () -> train(index, "pixels-16", new TextTowerTrainer.Options("productDisplayName", false, 1, 0.2, null)));
    assertEquals("column productDisplayName is empty for 20 of 30 items; a text tower needs text for at least half of them",
        empty.getMessage());
    Path few = TowerIndexes.index(tmp.resolve("few"), "pixels-16", all.subList(0, 12));
    IllegalArgumentException tooFew = assertThrows(IllegalArgumentException.class,
        () -> train(few, "pixels-16", new TextTowerTrainer.Options("productDisplayName", false, 1, 0.2, null)));
    assertEquals("only 12 items have text in column productDisplayName; training a text tower needs at least 20",
        tooFew.getMessage());
  }

  @Test
  void aTowerTrainedForAnotherIndexOrModelIsRefusedByChecksum() throws Exception {
    List<CatalogEntry> products = new CsvCatalog("id", "image").read(SharedData.data("fashion-dev/products.csv"));
    Path small16 = TowerIndexes.index(tmp.resolve("a16"), "pixels-16", products.subList(0, 60));
    Path small8 = TowerIndexes.index(tmp.resolve("a8"), "pixels-8", products.subList(0, 60));
    Path other16 = TowerIndexes.index(tmp.resolve("b16"), "pixels-16", products.subList(60, 120));
    TextTowerTrainer.Trained t = train(small16, "pixels-16", new TextTowerTrainer.Options("productDisplayName", false, 1, 0.2, null));
    for (Path index : List.of(small16, small8, other16)) {
      TowerFile.write(index, t.base(), t.weights(), t.mean(), t.tower().info());
    }
    try (Loupe loupe = Loupe.open(small16, TowerIndexes.config("pixels-16"))) {
      assertEquals(TrainedTextTower.BASE, loupe.textEmbedder().descriptor().name(), "its own index accepts it");
    }
    try (Loupe loupe = Loupe.open(small8, TowerIndexes.config("pixels-8"))) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> loupe.searchText("shirt", SearchRequest.topK(3)));
      assertTrue(e.getMessage().contains("was trained for image model pixels-16") && e.getMessage().contains("uses pixels-8"),
          e.getMessage());
    }
    try (Loupe loupe = Loupe.open(other16, TowerIndexes.config("pixels-16"))) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> loupe.searchText("shirt", SearchRequest.topK(3)));
      assertTrue(e.getMessage().contains("was trained for another index"), e.getMessage());
    }
    // A damaged file: one line naming it.
    byte[] bytes = Files.readAllBytes(TowerFile.of(small16));
    bytes[bytes.length / 2] ^= 1;
    Files.write(TowerFile.of(small16), bytes);
    try (Loupe loupe = Loupe.open(small16, TowerIndexes.config("pixels-16"))) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> loupe.searchText("shirt", SearchRequest.topK(3)));
      assertEquals("text tower " + TowerFile.of(small16) + " is damaged: checksum mismatch; run loupe train-text again",
          e.getMessage());
    }
    // Loupe's rebuild of the index neither refuses nor counts the tower as the user's file.
    assertTrue(Loupe.deleteIndex(small8, TowerIndexes.config("pixels-8")) > 0);
  }
}
