package dev.loupe.engine.feedback;

import dev.loupe.core.index.IndexSpec;
import dev.loupe.engine.Loupe;
import dev.loupe.engine.LoupeConfig;
import dev.loupe.engine.catalog.CatalogEntry;
import dev.loupe.engine.index.IndexListener;
import dev.loupe.testing.SharedData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A real Lucene index of the caltech20 train photos (400, 20 classes), ids "class/file". */
public final class CaltechIndex {
  public static final String MODEL = "mobilenetv2-tf2-ptq";

  private CaltechIndex() {}

  /**
   * Uncentred on purpose: the learned ranking is measured against the model's own cosine, and centring is one of
   * the levers it learns to weigh.
   */
  public static LoupeConfig config() {
    return LoupeConfig.defaults().withModelDirs(List.of(SharedData.models())).withModel(MODEL)
        .withLevers(IndexSpec.Levers.NONE);
  }

  public static Path build(Path dir) throws IOException {
    List<CatalogEntry> entries = new ArrayList<>();
    for (Path f : SharedData.filesUnder(SharedData.caltechTrain())) {
      entries.add(new CatalogEntry(SharedData.labelOf(f) + "/" + f.getFileName(), f, Map.of()));
    }
    try (Loupe loupe = Loupe.openOrCreate(dir, config())) {
      loupe.index(entries, IndexListener.NONE);
    }
    return dir;
  }

  /** The class of an item id or a query file. */
  public static String label(String id) {
    return id.substring(0, id.indexOf('/'));
  }
}
