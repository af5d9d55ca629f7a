package dev.loupe.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loupe.core.dba.DatabaseAugmentation;
import dev.loupe.core.dba.Neighbour;
import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.index.ItemStore;
import dev.loupe.core.query.Hit;
import dev.loupe.core.query.SearchRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reference for database-side augmentation in a live index: derived here from the raw vectors, never by
 * asking the store (nor by the store's own {@code GalleryAugmentation}).
 */
public final class DbaReference {
  private DbaReference() {}

  /**
   * The augmented vectors of a gallery from scratch, as evaluation defines them: each item's {@code top} nearest
   * other items by the reference {@link ExactSearch} over the raw vectors (uncentred; ties by id), weighed by
   * {@link DatabaseAugmentation}.
   */
  public static Map<String, float[]> augmentedByHand(Map<String, float[]> raw, IndexSpec spec) {
    List<String> ids = new ArrayList<>(new TreeMap<>(raw).keySet()); // ordinals follow ids: ties break by id
    Map<String, float[]> out = new HashMap<>();
    for (String id : ids) {
      List<String> others = ids.stream().filter(o -> !o.equals(id)).toList();
      List<Neighbour> neighbours = new ArrayList<>();
      for (ExactSearch.Scored s : ExactSearch.topK(others.stream().map(raw::get).toList(), raw.get(id), spec.metric(),
          spec.levers().dbaTop())) {
        String n = others.get(s.ordinal());
        neighbours.add(new Neighbour(n, spec.metric().score(s.distance()), raw.get(n)));
      }
      out.put(id, DatabaseAugmentation.augment(raw.get(id), neighbours, spec.levers().dbaTop(),
          spec.levers().dbaAlpha(), spec.embedder().normalized()));
    }
    return out;
  }

  /**
   * The store holds exactly {@code raw} as raw vectors ({@link ItemStore#vector}, {@link ItemStore#forEachVector})
   * and searches every item by its from-scratch augmented vector: {@link ItemStore#searchedVector} equals it, and
   * an exact search for it finds the item with score 1.
   */
  public static void assertAugmentationOf(Map<String, float[]> raw, ItemStore store) throws IOException {
    Map<String, float[]> stored = new HashMap<>();
    store.forEachVector(stored::put);
    assertEquals(raw.keySet(), stored.keySet());
    Map<String, float[]> expected = augmentedByHand(raw, store.spec());
    for (Map.Entry<String, float[]> e : raw.entrySet()) {
      assertArrayEquals(e.getValue(), stored.get(e.getKey()), "forEachVector gives the raw vector");
      assertArrayEquals(e.getValue(), store.vector(e.getKey()).orElseThrow(), "vector(id) gives the raw vector");
      assertArrayEquals(expected.get(e.getKey()), store.searchedVector(e.getKey()).orElseThrow(), 1e-5f,
          "augmented vector of " + e.getKey());
    }
    for (String id : new TreeMap<>(raw).keySet().stream().limit(3).toList()) {
      List<Hit> hits = store.search(expected.get(id),
          SearchRequest.topK(1).withExact(true).withFilters(Map.of("id", id)));
      assertEquals(1f, hits.getFirst().score(), 1e-5f, "an item's augmented vector scores 1 against it: " + id);
    }
  }

}
