package dev.loupe.engine.projection;

import dev.loupe.core.index.Item;
import dev.loupe.core.index.ItemStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The labelled vectors of an index: each item's stored vector with its value in a metadata column, or with
 * {@link #FOLDER} its parent folder's name (the {@code class/photo.jpg} layout). Items without a label are
 * left out here; they stay in the gallery.
 */
public final class IndexLabels {
  /** The label name that means "the item's parent folder". */
  public static final String FOLDER = "folder";

  /**
   * @param labelled items with a label and a vector, in id order
   * @param unlabelled how many items have no label
   */
  public record Labels(List<ProjectionTrainer.Labelled> labelled, int unlabelled) {}

  private IndexLabels() {}

  public static Labels read(ItemStore store, String label) throws IOException {
    if (label == null || label.isBlank()) throw new IllegalArgumentException("give the label column (or folder)");
    Map<String, float[]> vectors = new HashMap<>();
    store.forEachVector(vectors::put);
    List<Item> items = new ArrayList<>();
    store.forEach(items::add);
    items.sort((a, b) -> a.id().compareTo(b.id()));
    TreeSet<String> columns = new TreeSet<>();
    List<ProjectionTrainer.Labelled> labelled = new ArrayList<>();
    int unlabelled = 0;
    for (Item item : items) {
      columns.addAll(item.metadata().keySet());
      String value = label.equals(FOLDER) ? folder(item.path()) : item.metadata().get(label);
      float[] v = vectors.get(item.id());
      if (value == null || value.isBlank() || v == null) unlabelled++;
      else labelled.add(new ProjectionTrainer.Labelled(item.id(), v, value.strip()));
    }
    if (!label.equals(FOLDER) && !columns.contains(label)) {
      throw new IllegalArgumentException("column " + label + " is not in this index's metadata (its columns: "
          + (columns.isEmpty() ? "none" : String.join(", ", columns)) + "; or use " + FOLDER
          + " for the parent folder's name)");
    }
    return new Labels(labelled, unlabelled);
  }

  private static String folder(String path) {
    Path parent = Path.of(path).getParent();
    return parent == null || parent.getFileName() == null ? null : parent.getFileName().toString();
  }
}
