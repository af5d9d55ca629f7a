package dev.loupe.eval;

import dev.loupe.core.embed.Embedders;
import dev.loupe.core.embed.EmbedderSettings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.embed.Embedder;
import dev.loupe.core.embed.EnsembleEmbedder;
import dev.loupe.core.image.RgbImage;
import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.index.Item;
import dev.loupe.core.index.MemoryItemStore;
import dev.loupe.core.query.Hit;
import dev.loupe.core.query.Metric;
import dev.loupe.core.query.SearchRequest;
import dev.loupe.core.query.Vectors;
import dev.loupe.image.DecodeOptions;
import dev.loupe.image.ImageDecoder;
import dev.loupe.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The quality levers on real model vectors, checked against what the maths says. */
class LeversTest {
  private static Embedders factory;
  private static Embedder tf2;

  @BeforeAll
  static void open() {
    factory = Embedders.load(new EmbedderSettings(List.of(SharedData.models()), SharedData.models(), 1));
    tf2 = factory.open("mobilenetv2-tf2-ptq", 1);
  }

  @AfterAll
  static void close() {
    tf2.close();
  }

  static RgbImage image(Path p) throws Exception {
    return ImageDecoder.decode(p, DecodeOptions.DEFAULTS).image();
  }

  @Test
  void ensembleOfOneEmbedderEqualsThatEmbedder() throws Exception {
    try (Embedder one = factory.open("mobilenetv2-tf2-ptq*2", 1)) {
      assertTrue(one instanceof EnsembleEmbedder);
      assertEquals(1280, one.dimension());
      RgbImage img = image(SharedData.sample("kitten_224.png"));
      // normalize(2 * normalize(v)) = normalize(v): the weight of a lone member cancels.
      assertArrayEquals(tf2.embed(img), one.embed(img), 1e-6f);
    }
  }

  @Test
  void ensembleDeclaredInASpecFileEqualsTheCommandLineOne(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    java.nio.file.Files.writeString(dir.resolve("pair.ensemble.json"), """
        {"name": "pair", "description": "two MobileNetV2s",
         "members": [{"model": "mobilenetv2-tf2-ptq"}, {"model": "mobilenetv2-onnxzoo-int8", "weight": 0.5}]}
        """);
    Embedders withSpec = Embedders.load(new EmbedderSettings(List.of(SharedData.models(), dir), dir, 1));
    try (Embedder declared = withSpec.open("pair", 1);
        Embedder inline = factory.open("mobilenetv2-tf2-ptq+mobilenetv2-onnxzoo-int8*0.5", 1)) {
      assertEquals("pair", declared.descriptor().name(), "the index records the declared name");
      RgbImage img = image(SharedData.sample("kitten_224.png"));
      assertArrayEquals(inline.embed(img), declared.embed(img), 1e-6f);
    }
  }

  @Test
  void ensembleConcatenatesNormalisedWeightedMembers() throws Exception {
    try (Embedder pair = factory.open("mobilenetv2-tf2-ptq+squeezenet1.1*0.5", 1);
        Embedder squeeze = factory.open("squeezenet1.1", 1)) {
      assertEquals(1280 + 512, pair.dimension());
      RgbImage img = image(SharedData.sample("fish.png"));
      float[] v = pair.embed(img);
      float[] a = tf2.embed(img);
      float[] b = squeeze.embed(img);
      // Before the final normalisation: [a, 0.5 b] with |a| = |b| = 1, norm sqrt(1 + 0.25).
      double norm = Math.sqrt(1.25);
      assertEquals(a[7] / norm, v[7], 1e-5);
      assertEquals(0.5 * b[11] / norm, v[1280 + 11], 1e-5);
      assertEquals(1f, Vectors.norm(v), 1e-5);
    }
  }

  /**
   * Two items a, b: the mean is m = (a + b) / 2, so the centred items are a - m = (a - b) / 2 and
   * b - m = -(a - b) / 2: opposite directions. For any query q, centred cos(q, a) = -centred cos(q, b), and a
   * ranks first exactly when (q - m).(a - b) > 0. For unit a and b, m.(a - b) = (|a|^2 - |b|^2) / 2 = 0, so that
   * is q.a > q.b: the plain cosine ranking, with scores +s and -s. Such a mean means nothing, so a centred index
   * that small searches uncentred unless the request brings the mean.
   */
  @Test
  void centringATwoItemIndexKeepsTheCosineRankingWithOppositeScores() throws Exception {
    List<Path> train = SharedData.filesUnder(SharedData.caltechTrain());
    float[] a = tf2.embed(image(train.get(0)));
    float[] b = tf2.embed(image(train.get(200)));
    IndexSpec spec = new IndexSpec(tf2.descriptor(), Metric.COSINE, IndexSpec.HnswParams.DEFAULT);
    MemoryItemStore plain = new MemoryItemStore(spec);
    MemoryItemStore centred = new MemoryItemStore(
        new IndexSpec(tf2.descriptor(), Metric.COSINE, IndexSpec.HnswParams.DEFAULT, new IndexSpec.Levers(true, 0)));
    for (MemoryItemStore store : List.of(plain, centred)) {
      store.put(new Item("a", "a", "", 0, 0, 0, 0, Map.of()), a);
      store.put(new Item("b", "b", "", 0, 0, 0, 0, Map.of()), b);
      store.commit();
    }
    for (Path q : List.of(train.get(1), train.get(201), train.get(350))) {
      float[] v = tf2.embed(image(q));
      List<Hit> before = plain.search(v, SearchRequest.topK(2));
      // Below GalleryMean.MIN_CENTRED_ITEMS a centred index searches uncentred: the plain scores.
      List<Hit> small = centred.search(v, SearchRequest.topK(2));
      assertEquals(before.stream().map(Hit::score).toList(), small.stream().map(Hit::score).toList(), q.toString());
      // Asked for explicitly, the two-item mean gives the opposite scores worked out above.
      List<Hit> after = centred.search(v,
          SearchRequest.topK(2).withCentering(centred.galleryMean().orElseThrow().centering()));
      assertEquals(before.stream().map(Hit::id).toList(), after.stream().map(Hit::id).toList(), q.toString());
      assertEquals(0f, after.get(0).score() + after.get(1).score(), 1e-5, "scores are +s and -s");
      assertTrue(after.get(0).score() > 0);
    }
  }

  @Test
  void augmentationNeverReturnsAnItemTwice() throws Exception {
    List<Path> files = SharedData.filesUnder(SharedData.caltechTest()).subList(0, 12);
    IndexSpec spec = new IndexSpec(tf2.descriptor(), Metric.COSINE, IndexSpec.HnswParams.DEFAULT,
        new IndexSpec.Levers(false, 3));
    MemoryItemStore store = new MemoryItemStore(spec);
    for (Path f : files) {
      RgbImage img = image(f);
      List<RgbImage> all = new java.util.ArrayList<>(List.of(img));
      all.addAll(dev.loupe.image.Views.views(img, 3, 1));
      store.put(new Item(f.toString(), f.toString(), "", 0, 0, 0, 0, Map.of()), List.of(tf2.embed(all)));
    }
    store.commit();
    float[] q = tf2.embed(image(files.get(3)));
    List<Hit> hits = store.search(q, SearchRequest.topK(100));
    assertEquals(12, hits.size(), "12 items with 4 vectors each give 12 hits");
    assertEquals(12, hits.stream().map(Hit::id).distinct().count());
    assertEquals(files.get(3).toString(), hits.get(0).id());
  }
}
