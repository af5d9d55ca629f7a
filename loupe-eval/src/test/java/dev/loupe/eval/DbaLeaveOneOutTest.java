package dev.loupe.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.embed.Embedder;
import dev.loupe.core.embed.EmbedderSettings;
import dev.loupe.core.embed.Embedders;
import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.index.Item;
import dev.loupe.core.index.ItemStore;
import dev.loupe.core.index.MemoryItemStore;
import dev.loupe.core.query.Hit;
import dev.loupe.core.query.Metric;
import dev.loupe.core.query.SearchRequest;
import dev.loupe.engine.query.QueryEngine;
import dev.loupe.engine.query.QueryOptions;
import dev.loupe.image.DecodeOptions;
import dev.loupe.image.ImageDecoder;
import dev.loupe.testing.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Leave-one-out under database-side augmentation, on real vectors: the query, a gallery member, ranks the others
 * exactly as it would in a gallery it was never part of (augmented vectors, expansion and re-ranking computed
 * without it), so its own vector never helps rank itself.
 */
class DbaLeaveOneOutTest {
  static final int TOP = 3;
  static final double ALPHA = 1;
  private static Embedder tf2;
  /** Two Caltech-20 classes, 40 photos: each photo's neighbours are mostly its own class. */
  private static Map<String, float[]> gallery;

  @BeforeAll
  static void embed() throws Exception {
    Embedders factory = Embedders.load(new EmbedderSettings(List.of(SharedData.models()), SharedData.models(), 1));
    tf2 = factory.open("mobilenetv2-tf2-ptq", 1);
    List<Path> train = SharedData.filesUnder(SharedData.caltechTrain());
    List<Path> files = new ArrayList<>(train.subList(0, 20));
    files.addAll(train.subList(200, 220));
    gallery = new LinkedHashMap<>();
    for (Path f : files) {
      float[] v = tf2.embed(ImageDecoder.decode(f, DecodeOptions.DEFAULTS).image());
      gallery.put(SharedData.labelOf(f) + "/" + f.getFileName(), v); // two classes share file names
    }
    assertEquals(40, gallery.size());
  }

  @AfterAll
  static void close() {
    tf2.close();
  }

  private static ItemStore rawStore(String without) throws Exception {
    ItemStore store = new MemoryItemStore(new IndexSpec(tf2.descriptor(), Metric.COSINE, IndexSpec.HnswParams.DEFAULT));
    for (Map.Entry<String, float[]> e : gallery.entrySet()) {
      if (!e.getKey().equals(without)) store.put(item(e.getKey()), e.getValue());
    }
    store.commit();
    return store;
  }

  private static ItemStore augmentedStore(DbaGallery dba, String without) throws Exception {
    ItemStore store = new MemoryItemStore(new IndexSpec(tf2.descriptor(), Metric.COSINE, IndexSpec.HnswParams.DEFAULT));
    for (String id : gallery.keySet()) if (!id.equals(without)) store.put(item(id), dba.augmented(id));
    store.commit();
    return store;
  }

  private static Item item(String id) {
    return new Item(id, id, "", 0, 0, 0, 0, Map.of());
  }

  /** The query with most items using it as a neighbour: where a leak would weigh most. */
  private static String mostUsedQuery(DbaGallery dba) {
    String best = null;
    for (String id : gallery.keySet()) {
      if (best == null || dba.without(id).size() > dba.without(best).size()) best = id;
    }
    return best;
  }

  @ParameterizedTest
  @ValueSource(strings = {"plain", "qe", "rerank"})
  void theQueryRanksTheOthersAsIfItHadNeverBeenIndexed(String mode) throws Exception {
    QueryOptions options = switch (mode) {
      case "qe" -> QueryOptions.NONE.withQe(2, 3);
      case "rerank" -> QueryOptions.NONE.withRerank(30);
      default -> QueryOptions.NONE;
    };
    SearchRequest request = SearchRequest.topK(gallery.size()).withExact(true);
    DbaGallery dba = DbaGallery.of(rawStore(null), Metric.COSINE, TOP, ALPHA, true, 1);
    String query = mostUsedQuery(dba);
    assertTrue(dba.without(query).size() >= 2, "the query is a neighbour of several items");
    ItemStore augmented = augmentedStore(dba, null);

    // As evaluation ranks it: the whole gallery, the query's neighbours searched without it, the query excluded.
    List<Hit> leftOut = new QueryEngine(tf2, dba.leftOut(augmented, query))
        .search(List.of(gallery.get(query)), request, options, query);
    // From scratch: a gallery that never held the query.
    DbaGallery scratch = DbaGallery.of(rawStore(query), Metric.COSINE, TOP, ALPHA, true, 1);
    List<Hit> never = new QueryEngine(tf2, augmentedStore(scratch, query))
        .search(List.of(gallery.get(query)), request, options);
    assertEquals(gallery.size() - 1, leftOut.size());
    assertEquals(ids(never), ids(leftOut));
    for (int i = 0; i < never.size(); i++) assertEquals(never.get(i).score(), leftOut.get(i).score(), 1e-5, ids(never).get(i));

    // The check has teeth: the items that used the query as a neighbour score higher with its vector left in.
    List<Hit> leaky = new QueryEngine(tf2, augmented).search(List.of(gallery.get(query)), request, options, query);
    assertFalse(leaky.stream().anyMatch(h -> h.id().equals(query)));
    assertNotEquals(scores(never), scores(leaky), "a leak changes the scores");
  }

  private static List<String> ids(List<Hit> hits) {
    return hits.stream().map(Hit::id).toList();
  }

  private static Map<String, Float> scores(List<Hit> hits) {
    Map<String, Float> out = new LinkedHashMap<>();
    for (Hit h : hits) out.put(h.id(), h.score());
    return out;
  }
}
