package dev.loupe.bench;

import dev.loupe.core.embed.Embedder;
import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.index.Item;
import dev.loupe.core.query.Metric;
import dev.loupe.lucene.LuceneItemStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Texts paired with image vectors, written as a Lucene index of one item per text (metadata column {@value #COLUMN}):
 * the shape {@code loupe train-text} learns from. An image with several texts is several items with its vector.
 */
record TextPairs(List<String> texts, List<float[]> vectors) {
  static final String COLUMN = "text";

  TextPairs {
    if (texts.size() != vectors.size()) throw new IllegalArgumentException("one vector per text");
    texts = List.copyOf(texts);
    vectors = List.copyOf(vectors);
  }

  LuceneItemStore index(Path dir, IndexSpec spec) throws IOException {
    LuceneItemStore store = LuceneItemStore.create(dir, spec);
    for (int i = 0; i < texts.size(); i++) {
      store.put(new Item("t" + i, "vector:" + i, "", 0, 0, 0, 0, Map.of(COLUMN, texts.get(i))), vectors.get(i));
    }
    store.commit();
    return store;
  }

  static IndexSpec spec(Embedder embedder) {
    return new IndexSpec(embedder.descriptor(), Metric.COSINE, IndexSpec.HnswParams.DEFAULT);
  }

  /** Each file's vector, decoded as {@code loupe index} decodes. */
  static List<float[]> embed(Embedder embedder, List<Path> files) throws Exception {
    return ImageEmbeddings.embed(embedder, files);
  }
}
