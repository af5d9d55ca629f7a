package dev.loupe.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.index.Item;
import dev.loupe.core.index.MemoryItemStore;
import dev.loupe.core.query.Hit;
import dev.loupe.core.query.Metric;
import dev.loupe.core.query.SearchRequest;
import dev.loupe.engine.query.QueryEngine;
import dev.loupe.engine.query.QueryOptions;
import dev.loupe.image.pixel.PixelEmbedder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The evaluation arithmetic on rankings small enough to compute by hand, run through the real query path
 * (MemoryItemStore + QueryEngine) with hand-placed 3-d vectors.
 */
class HandRankingTest {

  @Test
  void averagePrecisionWithATieAndMeanOverQueries() throws Exception {
    try (PixelEmbedder pixels = new PixelEmbedder(1)) { // 1x1 RGB: 3-d vectors, not normalised
      IndexSpec spec = new IndexSpec(pixels.descriptor(), Metric.COSINE, IndexSpec.HnswParams.DEFAULT);
      MemoryItemStore store = new MemoryItemStore(spec);
      // Cosines to the query (1, 0, 0): a = 1, b = c = 0.6 (a tie), d = 0.
      store.put(item("a"), new float[] {1, 0, 0});
      store.put(item("c"), new float[] {0.6f, 0.8f, 0});
      store.put(item("b"), new float[] {0.6f, 0.8f, 0});
      store.put(item("d"), new float[] {0, 1, 0});
      store.commit();
      QueryEngine engine = new QueryEngine(pixels, store);
      List<Hit> hits = engine.search(List.of(new float[] {1, 0, 0}), SearchRequest.topK(10), QueryOptions.NONE);
      // The tie between b and c is broken by id: b before c.
      assertEquals(List.of("a", "b", "c", "d"), hits.stream().map(Hit::id).toList());

      // Query 1: relevant {a, c} -> flags R N R N; AP = (1/1 + 2/3) / 2 = 0.833333.
      List<Boolean> q1 = flags(hits, "a", "c");
      Map<String, Double> m1 = QueryMetrics.of(q1, scores(hits), 2, List.of(1, 2));
      assertEquals((1 + 2 / 3.0) / 2, m1.get("mAP"), 1e-12);
      assertEquals(1.0, m1.get("acc@1"));
      assertEquals(0.5, m1.get("P@2"), 1e-12);
      assertEquals(1.0, m1.get("mAP@1"), 1e-12, "AP@1 = (1/min(1,2)) * P@1 = 1");
      assertEquals(0.5, m1.get("mAP@2"), 1e-12, "AP@2 = (1/min(2,2)) * (1/1) = 0.5");
      assertEquals((1 + 0.6) / 2, m1.get("sim@2"), 1e-6);
      // Query 2: relevant {d} (and {x}, never retrieved) -> flags N N N R; AP = (1/4) / 2 = 0.125.
      Map<String, Double> m2 = QueryMetrics.of(flags(hits, "d"), scores(hits), 2, List.of(1, 2));
      assertEquals(0.125, m2.get("mAP"), 1e-12);
      assertEquals(0.25, m2.get("MRR"), 1e-12);
      // mAP over the two queries with relevant items: (0.833333 + 0.125) / 2 = 0.479167.
      assertEquals(((1 + 2 / 3.0) / 2 + 0.125) / 2, Aggregate.mean(List.of(m1, m2)).get("mAP"), 1e-12);
    }
  }

  /** A query without relevant items is reported by id and left out of the means, as trec_eval does. */
  @Test
  void queriesWithoutRelevantItemsAreReportedNotAveraged() throws Exception {
    List<java.nio.file.Path> files = dev.loupe.testing.SharedData.filesUnder(dev.loupe.testing.SharedData.caltechTest());
    List<EvalImage> gallery = List.of(new EvalImage("a", files.get(0), "x"), new EvalImage("b", files.get(1), "x"),
        new EvalImage("c", files.get(40), "y"));
    EvalDataset ds = new EvalDataset("hand", gallery, List.of(
        new EvalQuery("q-with", files.get(2), "x", java.util.Set.of("a", "b"), null),
        new EvalQuery("q-without", files.get(41), "z", java.util.Set.of(), null)));
    var paths = new dev.loupe.core.embed.EmbedderSettings(List.of(), java.nio.file.Path.of("none"), 1);
    ConfigResult r = new Evaluator(paths, 1, List.of(1), s -> { }).run(ds, List.of(EvalConfig.parse("pixels-8/l2")))
        .get(0);
    assertEquals(1, r.queries());
    assertEquals(List.of("q-without"), r.withoutRelevant());
    assertEquals(1, r.perClass().size(), "only the averaged query's class");
  }

  @Test
  void interpolatedPrecisionRecallByHand() {
    // R N R N with 2 relevant: recall 0.5 at rank 1 (P 1), recall 1.0 at rank 3 (P 2/3).
    double[] ip = PrecisionRecall.interpolated(List.of(true, false, true, false), 2);
    for (int i = 0; i <= 5; i++) assertEquals(1.0, ip[i], 1e-12, "recall " + i / 10.0);
    for (int i = 6; i <= 10; i++) assertEquals(2 / 3.0, ip[i], 1e-12, "recall " + i / 10.0);
  }

  private static Item item(String id) {
    return new Item(id, id, "", 0, 0, 0, 0, Map.of());
  }

  private static List<Boolean> flags(List<Hit> hits, String... relevant) {
    List<String> rel = List.of(relevant);
    return hits.stream().map(h -> rel.contains(h.id())).toList();
  }

  private static List<Float> scores(List<Hit> hits) {
    return hits.stream().map(Hit::score).toList();
  }
}
