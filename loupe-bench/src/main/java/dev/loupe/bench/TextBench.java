package dev.loupe.bench;

import dev.loupe.core.embed.Embedder;
import dev.loupe.core.embed.EmbedderSettings;
import dev.loupe.core.embed.Embedders;
import dev.loupe.core.embed.TextEmbedder;
import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.query.SearchRequest;
import dev.loupe.core.util.FileTrees;
import dev.loupe.engine.catalog.CsvCatalog;
import dev.loupe.engine.text.TextTowerTrainer;
import dev.loupe.engine.text.TfidfBase;
import dev.loupe.engine.text.TowerFile;
import dev.loupe.engine.text.TrainedTextTower;
import dev.loupe.engine.text.WordFeatures;
import dev.loupe.eval.CaptionData;
import dev.loupe.eval.TowerRecipe;
import dev.loupe.lucene.LuceneItemStore;
import dev.loupe.onnx.ModelPaths;
import dev.loupe.onnx.TextModelCatalog;
import dev.loupe.report.Markdown;
import dev.loupe.testing.ClipFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Text search speed: towers trained by {@code loupe train-text} on fashion-dev titles, each text base with each
 * objective (training time and throughput, size on disk and in the heap, query latency = embed the text + search the
 * Lucene index), and the
 * CLIP-shaped fixture's text tower (tokenise + ONNX). The fixture has random weights and a tiny network: its
 * latency measures Loupe's tokeniser and ONNX plumbing, not CLIP ViT-B/32's text transformer.
 */
final class TextBench {
  /** The fewest products that leave train-text its minimum of held-back pairs at a 0.2 split. */
  static final int MIN_ITEMS = 25;
  private static final int K = 10;
  /** Every query runs once unmeasured first (JIT, ONNX Runtime's first-run allocations, Lucene's caches). */
  private static final int WARM_UP_ROUNDS = 1;
  private final Path shared;
  private final String model;
  private final List<Path> modelDirs;
  private final int items;
  private final int queries;
  /** The towers timed, each base with each objective. */
  static final List<TowerRecipe> RECIPES = List.of(TowerRecipe.parse("tfidf:ridge"),
      TowerRecipe.parse("tfidf:contrastive"), TowerRecipe.parse("minilm:ridge"), TowerRecipe.parse("minilm:contrastive"));
  private List<String> titles;

  /**
   * @param items fashion-dev products to train on (the first ones of products.csv), 0 = all
   * @param queries titles timed one at a time after warm-up (the first ones)
   */
  TextBench(Path shared, String model, List<Path> modelDirs, int items, int queries) {
    this.shared = shared;
    this.model = model;
    this.modelDirs = modelDirs;
    this.items = items;
    this.queries = queries;
  }

  String run() throws Exception {
    Path csv = shared.resolve("data/fashion-dev/products.csv");
    CaptionData data = CaptionData.read(csv, new CsvCatalog("image", "image"), "productDisplayName");
    int n = items == 0 ? data.texts().size() : Math.min(items, data.texts().size());
    List<String> texts = data.texts().subList(0, n);
    titles = texts;
    List<Path> files = new ArrayList<>();
    for (int t = 0; t < n; t++) files.add(data.images().get(data.imageOfText().get(t)));
    List<String> header = List.of("text tower", "pairs (train + held back)", "features", "train s", "pairs/s",
        "file KB", "heap KB (est.)", "embed p50 ms", "embed + search p50 ms", "embed + search p99 ms");
    List<List<?>> t = new ArrayList<>();
    Path dir = Files.createTempDirectory("loupe-bench-text");
    try {
      IndexSpec spec;
      List<float[]> vectors;
      try (Embedder embedder = Embedders.load(EmbedderSettings.fromEnvironment(modelDirs, 2)).open(model)) {
        vectors = TextPairs.embed(embedder, files);
        spec = TextPairs.spec(embedder);
      }
      try (LuceneItemStore store = new TextPairs(texts, vectors).index(dir.resolve("index"), spec)) {
        for (TowerRecipe recipe : RECIPES) t.add(row(store, dir.resolve("index"), recipe));
      }
      Path specs = ClipFixture.writeSpecs(dir.resolve("specs"));
      List<Path> dirs = new ArrayList<>(List.of(specs));
      dirs.addAll(modelDirs);
      TextModelCatalog catalog = TextModelCatalog.load(new ModelPaths(dirs, specs));
      try (TextEmbedder clip = catalog.open(catalog.find(ClipFixture.TEXT).orElseThrow(), 1)) {
        Latencies embed = time(texts.subList(0, Math.min(queries, texts.size())), q -> clip.embedTexts(List.of(q)));
        t.add(List.of(ClipFixture.TEXT + " (random-weights fixture, tiny: not CLIP ViT-B/32)", "—", "—", "—", "—",
            "—", "—", ms(embed.percentile(50)), "—", "—"));
      }
    } finally {
      FileTrees.delete(dir);
    }
    return Markdown.table(header, t);
  }

  /** One row: train the tower, save it, time its text queries one at a time. */
  private List<?> row(LuceneItemStore store, Path index, TowerRecipe recipe) throws Exception {
    var options = new TextTowerTrainer.Options(TextPairs.COLUMN, false, 42, 0.2, null, recipe.base(), recipe.objective());
    try (TextTowerTrainer.Trained trained = TextTowerTrainer.train(store, options)) {
      TrainedTextTower tower = trained.tower();
      Path file = TowerFile.write(index, trained.base(), trained.weights(), trained.mean(), tower.info());
      List<String> qs = titles.subList(0, Math.min(queries, titles.size()));
      Latencies embed = time(qs, q -> tower.embedTexts(List.of(q)));
      Latencies search = time(qs, q -> store.search(tower.query(tower.embedTexts(List.of(q))[0]),
          tower.centred(SearchRequest.topK(K))));
      double seconds = trained.millis() / 1e3;
      int pairs = tower.info().trainPairs() + tower.info().validationPairs();
      String fitted = trained.epochs() > 0 ? " (" + trained.epochs() + " epochs)" : "";
      return List.of(tower.descriptor().name() + fitted + " on " + model + ", fashion-dev titles",
          tower.info().trainPairs() + " + " + tower.info().validationPairs(), trained.base().size(),
          fmt("%.2f", seconds), fmt("%.0f", pairs / seconds), fmt("%.0f", Files.size(file) / 1024.0),
          fmt("%.0f", heapBytes(trained) / 1024.0), ms(embed.percentile(50)), ms(search.percentile(50)),
          ms(search.percentile(99)));
    }
  }

  private interface Query {
    void run(String text) throws Exception;
  }

  private static Latencies time(List<String> texts, Query query) throws Exception {
    for (int r = 0; r < WARM_UP_ROUNDS; r++) for (String q : texts) query.run(q);
    double[] ms = new double[texts.size()];
    for (int i = 0; i < texts.size(); i++) {
      long a = System.nanoTime();
      query.run(texts.get(i));
      ms[i] = (System.nanoTime() - a) / 1e6;
    }
    return new Latencies(ms);
  }

  /**
   * The tower's arrays and words as the JVM holds them (64-bit, compressed references): the weight rows and the
   * mean vector, plus for TF-IDF the idf vector and each word as a String with its bytes and a map entry with a boxed
   * position. An estimate from the sizes, not a heap dump; the weights dominate. A MiniLM tower also holds the
   * encoder's graph in ONNX Runtime's native memory (the 23 MB int8 graph), which this does not count.
   */
  static long heapBytes(TextTowerTrainer.Trained trained) {
    long bytes = 16 + 4L * trained.mean().length;
    for (float[] row : trained.weights()) bytes += 16 + 4L * row.length + 4;
    if (trained.base() instanceof TfidfBase tfidf) {
      WordFeatures features = tfidf.features();
      bytes += 16 + 4L * features.idf().length;
      for (String word : features.vocabulary()) {
        bytes += 24 + 16 + word.getBytes(StandardCharsets.UTF_8).length // String + its byte[]
            + 32 + 16; // HashMap node + Integer position
      }
    }
    return bytes;
  }

  private static String ms(double v) {
    return fmt("%.2f", v);
  }

  private static String fmt(String format, double v) {
    return String.format(Locale.ROOT, format, v);
  }
}
