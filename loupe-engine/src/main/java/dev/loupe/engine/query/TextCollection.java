package dev.loupe.engine.query;

import dev.loupe.core.embed.TextEmbedder;
import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.index.Item;
import dev.loupe.core.index.MemoryItemStore;
import dev.loupe.core.query.Hit;
import dev.loupe.core.query.Metric;
import dev.loupe.core.query.SearchRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Texts embedded once by a text tower and kept in memory, ranked exactly by cosine for each image vector (image →
 * text). The ranking is {@link MemoryItemStore}'s: one exact distance for every store, none written here.
 */
public final class TextCollection {
  /** Default bound on a collection: 100k texts of 512 floats is ~200 MB, the most an in-memory scan should hold. */
  public static final int DEFAULT_MAX_TEXTS = 100_000;
  /** The metadata key under which a hit carries its row's text. */
  public static final String TEXT_FIELD = "text";

  private final MemoryItemStore store;
  private final Map<String, TextRow> rows = new HashMap<>();

  private TextCollection(MemoryItemStore store) {
    this.store = store;
  }

  /**
   * Embeds {@code texts} (batched by the tower) into a collection.
   *
   * @throws IllegalArgumentException when there are more than {@code maxTexts}, none, or two rows share an id
   */
  public static TextCollection embed(TextEmbedder tower, List<TextRow> texts, int maxTexts) {
    if (texts.isEmpty()) throw new IllegalArgumentException("the text collection is empty");
    if (texts.size() > maxTexts) {
      throw new IllegalArgumentException("the text collection has " + texts.size() + " texts, more than the bound of "
          + maxTexts + " (raise it with --max-texts)");
    }
    float[][] vectors = tower.embedTexts(texts.stream().map(TextRow::text).toList());
    TextCollection c = new TextCollection(new MemoryItemStore(new IndexSpec(tower.descriptor(), Metric.COSINE,
        IndexSpec.HnswParams.DEFAULT)));
    try {
      for (int i = 0; i < texts.size(); i++) {
        TextRow row = texts.get(i);
        if (c.rows.put(row.id(), row) != null) throw new IllegalArgumentException("two texts have the id " + row.id());
        c.store.put(new Item(row.id(), row.id(), "", 0, 0, 0, 0, row.metadata()), List.of(vectors[i]));
      }
      c.store.commit();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a memory store does no I/O
    }
    return c;
  }

  public int size() {
    return rows.size();
  }

  /** The row of a hit's id. */
  public TextRow row(String id) {
    return rows.get(id);
  }

  /** The {@code k} texts closest to {@code imageVector} by cosine, best first. */
  public List<Hit> rank(float[] imageVector, int k) {
    return store.search(imageVector, SearchRequest.topK(k));
  }
}
