package dev.loupe.engine.text;

import dev.loupe.engine.Loupe;
import dev.loupe.engine.LoupeConfig;
import dev.loupe.engine.catalog.CatalogEntry;
import dev.loupe.engine.catalog.CsvCatalog;
import dev.loupe.engine.index.IndexListener;
import dev.loupe.testing.SharedData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Real indexes of the shared data for the text tower tests. */
final class TowerIndexes {
  private TowerIndexes() {}

  static LoupeConfig config(String model) {
    return LoupeConfig.defaults().withModelDirs(List.of(SharedData.models())).withModel(model);
  }

  /** The 80 COCO dev photos, each with its five human captions joined as metadata column "caption". */
  static Path coco(Path dir, String model) throws IOException {
    Path csv = SharedData.data("coco-captions-dev/captions.csv");
    Map<String, List<String>> captions = new LinkedHashMap<>();
    Map<String, Path> files = new LinkedHashMap<>();
    for (CatalogEntry e : new CsvCatalog("image_id", "image").allowingOutside().readRows(csv).entries()) {
      captions.computeIfAbsent(e.id(), k -> new ArrayList<>()).add(e.metadata().get("caption"));
      files.put(e.id(), e.file());
    }
    List<CatalogEntry> entries = new ArrayList<>();
    captions.forEach((id, list) -> entries.add(new CatalogEntry(id, files.get(id), Map.of("caption", String.join(". ", list)))));
    return index(dir, model, entries);
  }

  /** The fashion-dev products (titles in productDisplayName). */
  static Path fashion(Path dir, String model) throws IOException {
    return index(dir, model, new CsvCatalog("id", "image").read(SharedData.data("fashion-dev/products.csv")));
  }

  static Path index(Path dir, String model, List<CatalogEntry> entries) throws IOException {
    try (Loupe loupe = Loupe.openOrCreate(dir, config(model))) {
      loupe.index(entries, IndexListener.NONE);
    }
    return dir;
  }
}
