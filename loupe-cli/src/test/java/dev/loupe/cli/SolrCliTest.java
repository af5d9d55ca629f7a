package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.index.ItemStoreProvider;
import dev.loupe.onnx.ModelCatalog;
import dev.loupe.testing.SharedData;
import dev.loupe.testing.SolrTestCluster;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loupe index}, {@code search} and {@code serve} with {@code --store solr://HOST:PORT/COLLECTION}, on a
 * SolrCloud collection of 2 shards ({@link SolrTestCluster}): caltech20's 400 train photos embedded by the default
 * model, with their class as metadata, indexed once into Solr and once into a Lucene index. Solr's hits for the 80
 * test photos, approximate and exact, with and without filters, are the Lucene store's exact hits byte for byte
 * (ids, ranks, scores, distances, metadata).
 */
class SolrCliTest {
  @TempDir static Path tmp;
  static final String MODELS = SharedData.models().toString();
  static final String MODEL = ModelCatalog.DEFAULT_MODEL;
  static String store;
  static Path solrIndex;
  static Path luceneIndex;

  @BeforeAll
  static void indexCaltechIntoSolrAndLucene() throws Exception {
    StringBuilder csv = new StringBuilder("id,image,class\n");
    for (Path file : SharedData.filesUnder(SharedData.caltechTrain())) {
      String label = SharedData.labelOf(file);
      csv.append(label).append('/').append(file.getFileName()).append(',').append(file.toAbsolutePath()).append(',')
          .append(label).append('\n');
    }
    Path meta = Files.writeString(tmp.resolve("caltech-train.csv"), csv);
    store = SolrTestCluster.shared().address("caltech_cli_" + ProcessHandle.current().pid()).toString();
    solrIndex = tmp.resolve("solr-side-files");
    luceneIndex = tmp.resolve("lucene");
    for (List<String> where : List.of(List.of("--store", store, "-i", solrIndex.toString()),
        // A new Lucene index is centred by default; a Solr one cannot be, so the Lucene side is asked not to be.
        List.of("-i", luceneIndex.toString(), "--no-center"))) {
      List<String> args = new ArrayList<>(List.of("index", SharedData.caltechTrain().toString(), "--metadata",
          meta.toString(), "--model", MODEL, "--models", MODELS));
      args.addAll(where);
      CliTest.Run r = CliTest.loupe(args.toArray(String[]::new));
      assertEquals(0, r.code(), r.err());
      assertTrue(r.out().startsWith("indexed 400,"), r.out());
    }
  }

  @AfterAll
  static void deleteTheCollection() throws Exception {
    if (store != null) ItemStoreProvider.forStore(store).delete(solrIndex);
  }

  private static String search(Path index, List<String> extra) {
    List<String> args = new ArrayList<>(List.of("search", "-i", index.toString(), "-k", "10", "-f", "jsonl",
        SharedData.caltechTest().toString(), "--models", MODELS));
    args.addAll(extra);
    CliTest.Run r = CliTest.loupe(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    assertEquals(80, r.out().lines().count(), "one line per test photo");
    return r.out();
  }

  @Test
  void solrHitsAreTheLuceneStoresExactHitsWithAndWithoutFilters() {
    for (List<String> filters : List.of(List.<String>of(), List.of("--filter", "class=bonsai"),
        List.of("--filter", "class=lotus", "--filter", "id=lotus/image_0001.jpg"))) {
      List<String> exact = new ArrayList<>(filters);
      exact.add("--exact");
      String reference = search(luceneIndex, exact);
      List<String> solr = new ArrayList<>(filters);
      solr.addAll(List.of("--store", store));
      assertEquals(reference, search(solrIndex, solr), "knn " + filters);
      solr.add("--exact");
      assertEquals(reference, search(solrIndex, solr), "exact scan " + filters);
      if (!filters.isEmpty()) assertTrue(!reference.contains("\"class\":\"airplanes\""), "the filter holds");
    }
  }

  @Test
  void serveAnswersFromTheCollection() throws Exception {
    Path query = SharedData.caltechTest().resolve("lotus/image_0003.jpg");
    CliTest.Run cli = CliTest.loupe("search", "-i", solrIndex.toString(), "--store", store, "--models", MODELS, "-k",
        "7", "--format", "jsonl", query.toString());
    assertEquals(0, cli.code(), cli.err());
    try (ServeCliTest.Child child = ServeCliTest.Child.start(solrIndex, tmp.resolve("serve"), "--store", store)) {
      HttpResponse<String> served = HttpClient.newHttpClient().send(
          ServeCliTest.search(child.url(), Files.readAllBytes(query), "k", "7"), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, served.statusCode(), served.body());
      assertEquals(ServeCliTest.hitsOf(cli.out().strip()), ServeCliTest.hitsOf(served.body()));
    }
  }

  @Test
  void aBadStoreAddressIsOneLine() {
    CliTest.Run r = CliTest.loupe("search", "-i", solrIndex.toString(), "--store", "solr://127.0.0.1/photos",
        "--models", MODELS, SharedData.caltechTest().resolve("lotus/image_0003.jpg").toString());
    assertEquals(1, r.code());
    assertEquals("loupe: error: store address solr://127.0.0.1/photos has no HOST:PORT; expected"
        + " solr://HOST:PORT/COLLECTION[?shards=N&replicas=R]\n", r.err());
    CliTest.Run lucene = CliTest.loupe("search", "-i", solrIndex.toString(), "--store", "lucene://127.0.0.1:1/photos",
        "--models", MODELS, SharedData.caltechTest().resolve("lotus/image_0003.jpg").toString());
    assertEquals(1, lucene.code());
    assertEquals("loupe: error: item store 'lucene' takes no address (lucene://127.0.0.1:1/photos): it keeps the index"
        + " in the --index directory; use --store lucene\n", lucene.err());
  }
}
