package dev.loupe.engine.text;

import dev.loupe.core.embed.TextEmbedder;
import dev.loupe.engine.Loupe;
import dev.loupe.testing.BaseTextEmbedderTestCase;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trained tower passes the text embedder contract: trained on the COCO dev photos' own captions (pixels-16
 * image vectors), saved with the index and read back from its file as text search reads it.
 */
class TrainedTextTowerTest extends BaseTextEmbedderTestCase {
  @TempDir static Path tmp;
  private static Path index;

  @BeforeAll
  static void train() throws Exception {
    index = TowerIndexes.coco(tmp.resolve("coco"), "pixels-16");
    try (var store = Loupe.openStore(index, TowerIndexes.config("pixels-16"))) {
      var t = TextTowerTrainer.train(store, new TextTowerTrainer.Options("caption", false, 1, 0.2, null));
      TowerFile.write(index, t.base(), t.weights(), t.mean(), t.tower().info());
    }
  }

  @Override
  protected TextEmbedder newTextEmbedder() throws Exception {
    return TowerFile.read(index).orElseThrow();
  }

  @Override
  protected int internalMaxBatch() {
    return 1; // no backend batches: every text is embedded on its own
  }
}
