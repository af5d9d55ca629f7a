package dev.loupe.engine.rerank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.embed.Embedder;
import dev.loupe.core.embed.EmbedderSettings;
import dev.loupe.core.embed.Embedders;
import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.index.Item;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** k-reciprocal re-ranking on real vectors of three Caltech-20 classes. */
class KReciprocalTest {
  private static Embedder tf2;
  private static List<String> ids;
  private static List<float[]> vectors;
  private static float[] query;

  @BeforeAll
  static void embed() throws Exception {
    Embedders factory = Embedders.load(new EmbedderSettings(List.of(SharedData.models()), SharedData.models(), 1));
    tf2 = factory.open("mobilenetv2-tf2-ptq", 1);
    List<Path> train = SharedData.filesUnder(SharedData.caltechTrain());
    ids = new ArrayList<>();
    vectors = new ArrayList<>();
    for (int start : new int[] {0, 100, 200}) {
      for (Path f : train.subList(start, start + 15)) {
        ids.add(SharedData.labelOf(f) + "/" + f.getFileName());
        vectors.add(tf2.embed(ImageDecoder.decode(f, DecodeOptions.DEFAULTS).image()));
      }
    }
    Path q = SharedData.filesUnder(SharedData.caltechTest()).get(0);
    query = tf2.embed(ImageDecoder.decode(q, DecodeOptions.DEFAULTS).image());
  }

  @AfterAll
  static void close() {
    tf2.close();
  }

  private static float[][] points() {
    float[][] p = new float[vectors.size() + 1][];
    p[0] = query;
    for (int i = 0; i < vectors.size(); i++) p[i + 1] = vectors.get(i);
    return p;
  }

  @Test
  void lambdaOneKeepsTheOriginalDistanceOrder() {
    double[] d = new KReciprocal(10, 3, 1.0).distances(points(), Metric.COSINE);
    double max = 0;
    for (float[] v : vectors) max = Math.max(max, Metric.COSINE.distance(query, v));
    for (int i = 0; i < vectors.size(); i++) {
      assertEquals(Metric.COSINE.distance(query, vectors.get(i)) / max, d[i], 1e-6, "row-normalised distance");
    }
  }

  @Test
  void jaccardPartReordersAndStaysInRange() {
    double[] plain = new KReciprocal(10, 3, 1.0).distances(points(), Metric.COSINE);
    double[] reranked = new KReciprocal(10, 3, 0.0).distances(points(), Metric.COSINE);
    for (double d : reranked) assertTrue(d >= 0 && d <= 1, "a Jaccard distance is in 0..1: " + d);
    assertNotEquals(order(plain), order(reranked), "k-reciprocal sets change the order");
    // Candidates outside every k-reciprocal set of the query's neighbourhood share nothing with it.
    assertTrue(java.util.Arrays.stream(reranked).anyMatch(d -> d == 1.0));
  }

  @Test
  void engineReranksTheTopCandidatesAndLeavesTheExcludedItemOut() throws Exception {
    MemoryItemStore store = new MemoryItemStore(new IndexSpec(tf2.descriptor(), Metric.COSINE, IndexSpec.HnswParams.DEFAULT));
    for (int i = 0; i < ids.size(); i++) store.put(new Item(ids.get(i), ids.get(i), "", 0, 0, 0, 0, Map.of()), vectors.get(i));
    store.commit();
    QueryEngine engine = new QueryEngine(tf2, store);
    SearchRequest all = SearchRequest.topK(ids.size()).withExact(true);
    List<Hit> plain = engine.search(List.of(query), all, QueryOptions.NONE, ids.get(3));
    List<Hit> reranked = engine.search(List.of(query), all, QueryOptions.NONE.withRerank(20), ids.get(3));
    assertEquals(ids.size() - 1, reranked.size());
    assertTrue(reranked.stream().noneMatch(h -> h.id().equals(ids.get(3))));
    assertEquals(ids.size() - 1, reranked.stream().map(Hit::id).distinct().count());
    assertNotEquals(plain.subList(0, 20).stream().map(Hit::id).toList(),
        reranked.subList(0, 20).stream().map(Hit::id).toList());
    assertEquals(plain.subList(20, plain.size()).stream().map(Hit::id).toList(),
        reranked.subList(20, reranked.size()).stream().map(Hit::id).toList(), "past R the order stays");
    for (int i = 0; i < reranked.size(); i++) assertEquals(i + 1, reranked.get(i).rank());
  }

  private static List<Integer> order(double[] d) {
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < d.length; i++) idx.add(i);
    idx.sort(java.util.Comparator.comparingDouble(i -> d[i]));
    return idx;
  }
}
