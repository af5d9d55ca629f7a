package dev.loupe.bench;

import dev.loupe.core.embed.Embedder;
import dev.loupe.core.embed.EmbedderSettings;
import dev.loupe.core.embed.Embedders;
import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.index.Item;
import dev.loupe.core.index.ItemStore;
import dev.loupe.core.index.ItemStoreProvider;
import dev.loupe.core.index.VectorFormat;
import dev.loupe.core.query.Hit;
import dev.loupe.core.query.Metric;
import dev.loupe.core.query.SearchRequest;
import dev.loupe.core.util.FileTrees;
import dev.loupe.engine.catalog.SourceScanner;
import dev.loupe.report.Markdown;
import dev.loupe.testing.SolrTestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench solr}: query latency of a SolrCloud collection beside Loupe's Lucene store, on the same real
 * vectors (caltech20 train and fashion-dev's photos as the gallery, caltech20 test as the queries), HNSW and exact,
 * with each store's top-10 agreement with the Lucene store's exact top 10.
 */
@Command(name = "solr", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
    description = {
        "Query latency (p50, p99 over every query of every round, after one warm-up round) of the Solr store beside "
            + "the Lucene store on the same real embeddings, HNSW and exact, k = 10. Without --solr it starts the "
            + "2-node test SolrCloud of loupe-solr-test-server on loopback (build it first: scripts/bench does)."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:the benchmark failed", "2:usage error"})
public final class SolrCommand implements Callable<Integer> {
  private static final int K = 10;

  @Option(names = "--shared", paramLabel = "DIR", defaultValue = "${sys:loupe.shared:-../shared}",
      description = "The shared folder with models/ and data/ (default: ${DEFAULT-VALUE}).")
  Path shared;

  @Option(names = "--model", paramLabel = "NAME", defaultValue = "mobilenetv2-tf2-ptq",
      description = "Embedder (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--solr", paramLabel = "URI",
      description = "A node of an existing SolrCloud, solr://HOST:PORT; a collection loupe_bench_PID is created on it"
          + " (2 shards) and deleted at the end. Default: the test cluster.")
  String solr;

  @Option(names = "--rounds", paramLabel = "N", defaultValue = "5",
      description = "Measured rounds over the queries (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Override
  public Integer call() throws Exception {
    if (rounds < 1 || rounds > 1000) throw new IllegalArgumentException("--rounds must be in 1..1000, got: " + rounds);
    Path data = shared.resolve("data");
    List<Path> gallery = new ArrayList<>(SourceScanner.imagesUnder(data.resolve("caltech20/train")));
    gallery.addAll(SourceScanner.imagesUnder(data.resolve("fashion-dev/images")));
    List<Path> queryFiles = SourceScanner.imagesUnder(data.resolve("caltech20/test"));
    List<float[]> vectors;
    List<float[]> queries;
    IndexSpec spec;
    System.err.println("embedding " + gallery.size() + " gallery and " + queryFiles.size() + " query photos");
    try (Embedder embedder = Embedders.load(EmbedderSettings.fromEnvironment(List.of(shared.resolve("models")), 2))
        .open(model)) {
      vectors = ImageEmbeddings.embed(embedder, gallery);
      queries = ImageEmbeddings.embed(embedder, queryFiles);
      spec = new IndexSpec(embedder.descriptor(), Metric.COSINE,
          IndexSpec.HnswParams.DEFAULT.withVectorFormat(VectorFormat.FLOAT));
    }
    String node = solr != null ? solr : SolrTestCluster.shared().storeAddress(0);
    String address = node.replaceAll("/+$", "") + "/loupe_bench_" + ProcessHandle.current().pid() + "?shards=2";
    Path dir = Files.createTempDirectory("loupe-bench-solr");
    ItemStoreProvider solrProvider = ItemStoreProvider.forStore(address);
    try (ItemStore lucene = ItemStoreProvider.forName("lucene").create(dir.resolve("lucene"), spec);
        ItemStore solrStore = solrProvider.create(dir.resolve("solr"), spec)) {
      for (ItemStore store : List.of(lucene, solrStore)) {
        for (int i = 0; i < vectors.size(); i++) {
          store.put(new Item("v" + i, gallery.get(i).toString(), "", 0, 0, 0, 0, Map.of()), vectors.get(i));
        }
        store.commit();
        store.optimize();
      }
      List<List<String>> truth = new ArrayList<>();
      for (float[] q : queries) truth.add(ids(lucene.search(q, SearchRequest.topK(K).withExact(true))));
      List<List<?>> rows = new ArrayList<>();
      for (boolean exact : new boolean[] {false, true}) {
        rows.add(measure("lucene", lucene, queries, truth, exact));
        rows.add(measure("solr (2 shards)", solrStore, queries, truth, exact));
      }
      System.out.println(Markdown.table(List.of("store", "search", "gallery", "queries x rounds", "p50 ms", "p99 ms",
          "top-10 = exact top-10"), rows));
    } finally {
      try {
        solrProvider.delete(dir.resolve("solr"));
      } finally {
        FileTrees.delete(dir); // also when the collection could not be deleted (a node down)
      }
    }
    return 0;
  }

  private List<?> measure(String name, ItemStore store, List<float[]> queries, List<List<String>> truth,
      boolean exact) throws Exception {
    SearchRequest request = SearchRequest.topK(K).withExact(exact);
    for (float[] q : queries) store.search(q, request); // warm-up
    double[] millis = new double[queries.size() * rounds];
    int agree = 0;
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < queries.size(); i++) {
        long t0 = System.nanoTime();
        List<Hit> hits = store.search(queries.get(i), request);
        millis[r * queries.size() + i] = (System.nanoTime() - t0) / 1e6;
        if (r == 0 && ids(hits).equals(truth.get(i))) agree++;
      }
    }
    Latencies latencies = new Latencies(millis);
    return List.of(name, exact ? "exact" : "HNSW", store.size(), queries.size() + " x " + rounds,
        String.format(Locale.ROOT, "%.2f", latencies.percentile(50)),
        String.format(Locale.ROOT, "%.2f", latencies.percentile(99)), agree + " of " + queries.size());
  }

  private static List<String> ids(List<Hit> hits) {
    return hits.stream().map(Hit::id).toList();
  }
}
