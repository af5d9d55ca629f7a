package dev.loupe.bench;

import dev.loupe.core.embed.Embedders;
import dev.loupe.core.embed.EmbedderSettings;
import dev.loupe.core.embed.Embedder;
import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.index.Item;
import dev.loupe.core.query.Hit;
import dev.loupe.core.query.Metric;
import dev.loupe.core.query.SearchRequest;
import dev.loupe.core.util.FileTrees;
import dev.loupe.engine.catalog.SourceScanner;
import dev.loupe.engine.rerank.KReciprocal;
import dev.loupe.engine.rerank.Reranking;
import dev.loupe.lucene.LuceneItemStore;
import dev.loupe.report.Markdown;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Query latency, exact vs HNSW, and HNSW recall@10 against exact, on real embeddings of the shared images and on
 * a 100k-vector gallery derived from them; each gallery plain and centred (recall against the centred exact
 * ranking).
 *
 * <p>No 100k-image set exists on these machines, so the large gallery is derived from the real embeddings
 * ({@link DerivedGallery}); recall on it is an estimate of the graph's quality, not of retrieval quality.
 */
final class SearchBench {
  private static final int K = 10;
  private static final int RERANK = 100;
  private final Path shared;
  private final String model;
  private final List<Path> modelDirs;
  private final int largeSize;

  SearchBench(Path shared, String model, List<Path> modelDirs, int largeSize) {
    this.shared = shared;
    this.model = model;
    this.modelDirs = modelDirs;
    this.largeSize = largeSize;
  }

  String run() throws Exception {
    Path data = shared.resolve("data");
    List<Path> gallery = SourceScanner.imagesUnder(data.resolve("caltech20/train"));
    List<Path> queries = SourceScanner.imagesUnder(data.resolve("caltech20/test"));
    List<Path> extra = new ArrayList<>(SourceScanner.imagesUnder(data.resolve("fashion-dev/images")));
    extra.addAll(SourceScanner.imagesUnder(data.resolve("coco-captions-dev/images")));
    List<float[]> galleryVectors;
    List<float[]> queryVectors;
    List<float[]> extraVectors;
    IndexSpec spec;
    try (Embedder embedder = Embedders.load(EmbedderSettings.fromEnvironment(modelDirs, 2)).open(model)) {
      galleryVectors = ImageEmbeddings.embed(embedder, gallery);
      queryVectors = ImageEmbeddings.embed(embedder, queries);
      extraVectors = largeSize > 0 ? ImageEmbeddings.embed(embedder, extra) : List.of();
      spec = new IndexSpec(embedder.descriptor(), Metric.COSINE, IndexSpec.HnswParams.DEFAULT);
    }
    IndexSpec centred = new IndexSpec(spec.embedder(), spec.metric(), spec.hnsw(), new IndexSpec.Levers(true, 0));
    List<String> header = List.of("gallery", "centred", "vectors", "dim", "exact p50 ms", "exact p99 ms", "HNSW p50 ms",
        "HNSW p99 ms", "HNSW recall@10", "top-100 + rerank p50 ms", "top-100 + rerank p99 ms");
    List<List<?>> t = new ArrayList<>();
    // Each gallery plain and centred (--center: the committed mean subtracted from query and items; the HNSW
    // graph is built on the raw vectors, so a centred query re-ranks a wider candidate pool exactly).
    for (IndexSpec s : List.of(spec, centred)) {
      measure(t, "caltech20 train (real)", s, galleryVectors, queryVectors);
    }
    if (largeSize > 0) {
      List<float[]> real = new ArrayList<>(galleryVectors);
      real.addAll(extraVectors);
      List<float[]> large = DerivedGallery.mix(real, largeSize);
      for (IndexSpec s : List.of(spec, centred)) {
        measure(t, "derived from " + real.size() + " real vectors (see note)", s, large, queryVectors);
      }
    }
    return Markdown.table(header, t);
  }

  private void measure(List<List<?>> t, String name, IndexSpec spec, List<float[]> gallery, List<float[]> queries)
      throws Exception {
    Path dir = Files.createTempDirectory("loupe-bench-search");
    try (LuceneItemStore store = LuceneItemStore.create(dir, spec)) {
      long t0 = System.nanoTime();
      for (int i = 0; i < gallery.size(); i++) {
        store.put(new Item("v" + i, "vector:" + i, "", 0, 0, 0, 0, Map.of()), gallery.get(i));
      }
      store.commit();
      System.err.printf(Locale.ROOT, "%s: indexed %d vectors in %.1f s (%d segments)%n", name, gallery.size(),
          IndexingBench.seconds(t0), store.segmentCount());
      SearchRequest hnsw = SearchRequest.topK(K);
      SearchRequest exact = hnsw.withExact(true);
      for (float[] q : queries) { // warm-up
        store.search(q, hnsw);
        store.search(q, exact);
      }
      int repeats = gallery.size() > 10_000 ? 2 : 10;
      double[] exactMs = new double[queries.size() * repeats];
      double[] hnswMs = new double[queries.size() * repeats];
      // k-reciprocal re-ranking (--rerank 100): the top-100 HNSW search plus the re-ranking of its 100 hits.
      SearchRequest top100 = SearchRequest.topK(RERANK);
      Reranking reranking = new Reranking(store, top100, KReciprocal.DEFAULT);
      for (float[] q : queries) reranking.rerank(q, store.search(q, top100), RERANK); // warm-up
      double[] rerankMs = new double[queries.size() * repeats];
      double recall = 0;
      for (int r = 0; r < repeats; r++) {
        for (int i = 0; i < queries.size(); i++) {
          long a = System.nanoTime();
          List<Hit> e = store.search(queries.get(i), exact);
          long b = System.nanoTime();
          List<Hit> h = store.search(queries.get(i), hnsw);
          long c = System.nanoTime();
          exactMs[r * queries.size() + i] = (b - a) / 1e6;
          hnswMs[r * queries.size() + i] = (c - b) / 1e6;
          if (r == 0) recall += overlap(e, h) / (double) K;
          long d = System.nanoTime();
          reranking.rerank(queries.get(i), store.search(queries.get(i), top100), RERANK);
          rerankMs[r * queries.size() + i] = (System.nanoTime() - d) / 1e6;
        }
      }
      recall /= queries.size();
      Latencies ex = new Latencies(exactMs);
      Latencies hn = new Latencies(hnswMs);
      Latencies rr = new Latencies(rerankMs);
      t.add(List.of(name, spec.levers().center() ? "yes" : "no", gallery.size(), spec.embedder().dimension(),
          ms(ex.percentile(50)), ms(ex.percentile(99)), ms(hn.percentile(50)), ms(hn.percentile(99)),
          String.format(Locale.ROOT, "%.3f", recall), ms(rr.percentile(50)), ms(rr.percentile(99))));
    } finally {
      FileTrees.delete(dir);
    }
  }

  private static int overlap(List<Hit> a, List<Hit> b) {
    Set<String> ids = new HashSet<>();
    for (Hit h : a) ids.add(h.id());
    int n = 0;
    for (Hit h : b) if (ids.contains(h.id())) n++;
    return n;
  }

  private static String ms(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
