package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.core.index.ItemStore;
import dev.loupe.core.query.Vectors;
import dev.loupe.engine.Loupe;
import dev.loupe.engine.LoupeConfig;
import dev.loupe.engine.text.TowerFile;
import dev.loupe.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loupe train-text} then {@code loupe search --text} on a real index of the fashion-dev catalogue built
 * with pixels-16 (an image model with no text tower of its own): the trained tower is saved in the index folder
 * and answers text searches from then on; bad input gets one line and the right exit code.
 */
class TrainTextCliTest {
  @TempDir static Path tmp;
  static Path index;
  static final String MODELS = SharedData.models().toString();

  @BeforeAll
  static void buildIndex() {
    index = tmp.resolve("idx");
    CliTest.Run r = CliTest.loupe("index", SharedData.data("fashion-dev/products.csv").toString(), "--index",
        index.toString(), "--model", "pixels-16", "--models", MODELS);
    assertEquals(0, r.code(), r.err());
  }

  @Test
  void trainTextThenSearchText() throws Exception {
    CliTest.Run before = CliTest.loupe("search", "--index", index.toString(), "--text", "blue jeans", "--models", MODELS);
    assertEquals(1, before.code(), before.err());
    assertTrue(before.err().contains("pixels-16 has no text tower") && before.err().contains("loupe train-text"), before.err());

    CliTest.Run train = CliTest.loupe("train-text", "--index", index.toString(), "--column", "productDisplayName",
        "--group", "articleType", "--seed", "3", "--objective", "ridge", "--models", MODELS);
    assertEquals(0, train.code(), train.err());
    assertTrue(train.out().startsWith("trained a text tower for pixels-16 on 1530 items"), train.out());
    assertTrue(train.out().contains("held back 382 items (seed 3)") && train.out().contains("text -> image  R@1"), train.out());
    assertTrue(Files.isRegularFile(index.resolve(".loupe-text-tower")), "saved with the index");

    CliTest.Run search = CliTest.loupe("search", "--index", index.toString(), "--text", "Men Blue Jeans", "-k", "10",
        "--format", "json", "--models", MODELS);
    assertEquals(0, search.code(), search.err());
    JsonNode hits = new ObjectMapper().readTree(search.out()).get(0).get("hits");
    assertEquals(10, hits.size(), search.out());
    int jeans = 0;
    for (JsonNode h : hits) if (h.get("metadata").get("articleType").asText().equals("Jeans")) jeans++;
    // 36 of the 1,912 products are jeans; pixels-16 is a weak image model (measured: the first hit is jeans).
    assertTrue(jeans >= 1, "jeans for a jeans title: " + search.out());
    // Each distance is that of the cosine of the saved tower's vector and the item's vector minus the tower's mean (as trained),
    // computed here independently of the search path.
    var tower = TowerFile.read(index).orElseThrow();
    float[] text = tower.embedText("Men Blue Jeans");
    float[] mean = tower.query(new float[text.length]);
    try (ItemStore store = Loupe.openStore(index, LoupeConfig.defaults())) {
      for (JsonNode h : hits) {
        float[] x = store.vector(h.get("id").asText()).orElseThrow();
        for (int c = 0; c < x.length; c++) x[c] -= mean[c];
        // pixels-16 indexes compare by L2: between unit vectors, distance² = 2 − 2·cosine.
        double d = h.get("distance").doubleValue();
        assertEquals(Vectors.cosine(text, x), 1 - d * d / 2, 1e-4, h.toString());
      }
    }

    // The same seed again gives the same tower, byte for byte.
    byte[] first = Files.readAllBytes(index.resolve(".loupe-text-tower"));
    assertEquals(0, CliTest.loupe("train-text", "--index", index.toString(), "--column", "productDisplayName",
        "--seed", "3", "--objective", "ridge", "--models", MODELS).code());
    assertTrue(java.util.Arrays.equals(first, Files.readAllBytes(index.resolve(".loupe-text-tower"))), "same seed, same file");

    // The MiniLM base replaces the tower; search --text then embeds with MiniLM + the trained projection.
    CliTest.Run minilm = CliTest.loupe("train-text", "--index", index.toString(), "--column", "productDisplayName",
        "--base", "minilm", "--seed", "3", "--objective", "ridge", "--models", MODELS);
    assertEquals(0, minilm.code(), minilm.err());
    assertTrue(minilm.out().startsWith("trained a text tower for pixels-16 on 1530 items (base minilm, 384 features"),
        minilm.out());
    try (var saved = TowerFile.read(index).orElseThrow()) {
      assertEquals("minilm", saved.info().base());
      assertEquals("minilm-ridge", saved.descriptor().name());
    }
    CliTest.Run jeansByMiniLm = CliTest.loupe("search", "--index", index.toString(), "--text", "Men Blue Jeans", "-k",
        "10", "--format", "json", "--models", MODELS);
    assertEquals(0, jeansByMiniLm.code(), jeansByMiniLm.err());
    JsonNode minilmHits = new ObjectMapper().readTree(jeansByMiniLm.out()).get(0).get("hits");
    assertEquals(10, minilmHits.size(), jeansByMiniLm.out());
    int bottoms = 0;
    for (JsonNode h : minilmHits) if (h.get("metadata").get("subCategory").asText().equals("Bottomwear")) bottoms++;
    assertTrue(bottoms >= 1, "bottomwear for a jeans title: " + jeansByMiniLm.out());

    // The default objective trains both (contrastive: one progress line per epoch on stderr) and keeps the tower
    // that ranks the held-back items better, saying which.
    CliTest.Run contrastive = CliTest.loupe("train-text", "--index", index.toString(), "--column", "productDisplayName",
        "--seed", "3", "--models", MODELS);
    assertEquals(0, contrastive.code(), contrastive.err());
    assertTrue(contrastive.err().startsWith("epoch 1: loss "), contrastive.err());
    var kept = java.util.regex.Pattern.compile("held-back mean reciprocal rank: ridge 0\\.\\d+, contrastive 0\\.\\d+;"
        + " keeping (ridge|contrastive)").matcher(contrastive.err());
    assertTrue(kept.find(), contrastive.err());
    assertTrue(contrastive.out().contains("(base tfidf,") && contrastive.out().contains(", " + kept.group(1) + ", ")
        && contrastive.out().contains(", temperature "), contrastive.out());
    try (var saved = TowerFile.read(index).orElseThrow()) {
      assertEquals("tfidf-" + kept.group(1), saved.descriptor().name());
    }
    CliTest.Run jeansByContrastive = CliTest.loupe("search", "--index", index.toString(), "--text", "Men Blue Jeans",
        "-k", "10", "--format", "json", "--models", MODELS);
    assertEquals(0, jeansByContrastive.code(), jeansByContrastive.err());
    assertEquals(10, new ObjectMapper().readTree(jeansByContrastive.out()).get(0).get("hits").size());
  }

  @Test
  void badInputGetsOneLine() {
    CliTest.Run missing = CliTest.loupe("train-text", "--index", index.toString(), "--column", "caption", "--models", MODELS);
    assertEquals(1, missing.code());
    assertTrue(missing.err().startsWith("loupe: error: column caption is not in this index's metadata (its columns: articleType,"),
        missing.err());
    assertEquals(1, missing.err().strip().lines().count(), missing.err());
    CliTest.Run both = CliTest.loupe("train-text", "--index", index.toString(), "--models", MODELS);
    assertEquals(2, both.code());
    assertTrue(both.err().contains("give exactly one of --column COL or --from-labels COL"), both.err());
    CliTest.Run validation = CliTest.loupe("train-text", "--index", index.toString(), "--column", "x", "--validation", "0.9");
    assertEquals(2, validation.code());
    assertTrue(validation.err().contains("validation must be a fraction between 0.05 and 0.5, got 0.9"), validation.err());
    CliTest.Run base = CliTest.loupe("train-text", "--index", index.toString(), "--column", "x", "--base", "bert");
    assertEquals(2, base.code());
    assertTrue(base.err().contains("unknown text base 'bert'; choose one of tfidf, minilm"), base.err());
    CliTest.Run objective = CliTest.loupe("train-text", "--index", index.toString(), "--column", "x", "--objective", "sgd");
    assertEquals(2, objective.code());
    assertTrue(objective.err().contains("unknown objective 'sgd'; choose one of ridge, contrastive, auto"), objective.err());
  }
}
