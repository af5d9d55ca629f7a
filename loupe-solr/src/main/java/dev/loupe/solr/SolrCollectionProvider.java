package dev.loupe.solr;

import dev.loupe.core.embed.EmbedderDescriptor;
import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.index.ItemStore;
import dev.loupe.core.index.ItemStoreProvider;
import dev.loupe.core.index.StoreCheck;
import dev.loupe.core.index.VectorFormat;
import dev.loupe.core.query.Metric;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.impl.HttpJdkSolrClient;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.ConfigSetAdminRequest;
import org.apache.solr.client.solrj.response.JavaBinResponseParser;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrDocumentList;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.apache.solr.common.util.ContentStreamBase;

/**
 * The {@code solr} store bound to one collection. The {@code location} arguments are Loupe's local index
 * directory (its side files); the store itself lives in the collection and its configset {@code loupe-COLLECTION}.
 *
 * <p>Create uploads Loupe's configset with the spec's dimension and similarity ({@link ConfigSet}), creates the
 * collection on it and writes the spec document. Levers Solr cannot keep are refused, one line each: gallery-mean
 * centring (its mean would have to be committed atomically with items on every shard), extra augmented views (a
 * knn query returns documents, not items, so several views of one item would crowd out others) and database-side
 * augmentation (it rewrites neighbours' vectors at each commit). Solr keeps float32 vectors, so the spec's vector
 * format becomes {@code float}.
 */
final class SolrCollectionProvider implements ItemStoreProvider {
  /** Bound on any one request, admin ones included (creating a collection waits for its replicas). */
  static final long REQUEST_TIMEOUT_SECONDS = 120;
  static final long CONNECT_TIMEOUT_SECONDS = 10;

  private final SolrAddress address;

  SolrCollectionProvider(SolrAddress address) {
    this.address = address;
  }

  @Override
  public String name() {
    return "solr";
  }

  /** No lever: Solr cannot keep a gallery mean committed atomically with every shard's items (see create). */
  @Override
  public IndexSpec.Levers defaultLevers(EmbedderDescriptor embedder, Metric metric) {
    return IndexSpec.Levers.NONE;
  }

  @Override
  public ItemStoreProvider at(URI other) {
    return new SolrCollectionProvider(SolrAddress.parse(other));
  }

  SolrClient client() {
    return new HttpJdkSolrClient.Builder(address.baseUrl())
        .useHttp1_1(true) // Solr 9's Jetty and the JDK client agree on HTTP/1.1 without TLS
        .withResponseParser(new JavaBinResponseParser()) // floats travel bit for bit
        .withConnectionTimeout(CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .withRequestTimeout(REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .build();
  }

  @Override
  public boolean exists(Path location) throws IOException {
    try (SolrClient client = client()) {
      return collectionExists(client);
    }
  }

  private boolean collectionExists(SolrClient client) throws IOException {
    try {
      List<String> names = CollectionAdminRequest.listCollections(client);
      return names.contains(address.collection());
    } catch (Exception e) {
      throw SolrFailures.of(address, "list collections", e);
    }
  }

  @Override
  public ItemStore open(Path location) throws IOException {
    SolrClient client = client();
    try {
      IndexSpec spec = readSpec(client);
      return new SolrItemStore(client, address, spec);
    } catch (IOException | RuntimeException e) {
      client.close();
      throw e;
    }
  }

  private IndexSpec readSpec(SolrClient client) throws IOException {
    SolrDocument doc = specDocument(client);
    if (doc == null) {
      throw new IOException("solr collection " + address.collection() + " at " + address.baseUrl()
          + " holds no Loupe index spec: it was not created by Loupe (or its creation did not finish)");
    }
    return SpecDocument.read(doc, address.collection());
  }

  private SolrDocument specDocument(SolrClient client) throws IOException {
    ModifiableSolrParams params = new ModifiableSolrParams();
    params.set("q", "{!term f=" + FieldNames.ID + "}" + FieldNames.SPEC_ID);
    params.set("rows", 1);
    params.set("fl", "*");
    SolrDocumentList docs;
    try {
      docs = client.query(address.collection(), params).getResults();
    } catch (Exception e) {
      throw SolrFailures.of(address, "read the index spec", e);
    }
    return docs.isEmpty() ? null : docs.get(0);
  }

  /** Refuses, naming the lever or metric, what this store cannot keep. */
  static IndexSpec supported(IndexSpec spec) {
    IndexSpec.Levers levers = spec.levers();
    if (levers.center()) {
      throw new IllegalArgumentException("solr store: lever center (gallery-mean centring) is not supported: the"
          + " mean cannot be committed atomically with the items of every shard");
    }
    if (levers.augmentViews() > 0) {
      throw new IllegalArgumentException("solr store: lever augment (extra views per item) is not supported: a knn"
          + " query ranks documents, not items, so views of one item would crowd out others");
    }
    if (levers.dbaTop() > 0) {
      throw new IllegalArgumentException("solr store: lever dba (database-side augmentation) is not supported: it"
          + " rewrites the neighbours' vectors at every commit");
    }
    ConfigSet.similarity(spec); // refuses metrics Solr cannot rank by
    return new IndexSpec(spec.embedder(), spec.metric(), spec.hnsw().withVectorFormat(VectorFormat.FLOAT), levers);
  }

  @Override
  public ItemStore create(Path location, IndexSpec requested) throws IOException {
    IndexSpec spec = supported(requested);
    SolrClient client = client();
    try {
      if (collectionExists(client)) {
        throw new IllegalStateException("solr collection " + address.collection() + " at " + address.baseUrl()
            + " already exists; open it, or delete it first (loupe index --rebuild)");
      }
      uploadConfigSet(client, spec);
      try {
        CollectionAdminRequest.createCollection(address.collection(), address.configSet(), address.shards(),
            address.replicas()).process(client);
        client.add(address.collection(), SpecDocument.write(spec));
        client.commit(address.collection(), true, true);
      } catch (Exception e) {
        IOException failure = SolrFailures.of(address, "create the collection", e);
        removeQuietly(client, failure);
        throw failure;
      }
      return new SolrItemStore(client, address, spec);
    } catch (IOException | RuntimeException e) {
      client.close();
      throw e;
    }
  }

  private void uploadConfigSet(SolrClient client, IndexSpec spec) throws IOException {
    try {
      ConfigSetAdminRequest.Upload upload = new ConfigSetAdminRequest.Upload();
      upload.setConfigSetName(address.configSet());
      upload.setOverwrite(false); // a configset of that name that Loupe did not just write is left alone
      upload.setUploadStream(new ContentStreamBase.ByteArrayStream(ConfigSet.zip(spec), address.configSet() + ".zip",
          "application/zip"));
      upload.process(client);
    } catch (Exception e) {
      throw SolrFailures.of(address, "upload configset " + address.configSet(), e);
    }
  }

  /** After a failed creation: removes what it made (the collection if any, the configset). */
  private void removeQuietly(SolrClient client, Exception failure) {
    try {
      if (collectionExists(client)) CollectionAdminRequest.deleteCollection(address.collection()).process(client);
    } catch (Exception e) {
      failure.addSuppressed(e);
    }
    try {
      new ConfigSetAdminRequest.Delete().setConfigSetName(address.configSet()).process(client);
    } catch (Exception e) {
      failure.addSuppressed(e);
    }
  }

  @Override
  public StoreCheck check(Path location) throws IOException {
    List<String> problems = new ArrayList<>();
    try (SolrItemStore store = (SolrItemStore) open(location)) {
      int dimension = store.spec().embedder().dimension();
      int[] items = {0};
      store.forEachVector((id, v) -> {
        items[0]++;
        if (v.length != dimension && problems.size() < 10) {
          problems.add("item " + id + " has a " + v.length + "-d vector, the index's embedder " + dimension
              + "-d: rebuild the collection");
        }
      });
      return new StoreCheck(location, problems, items[0] + " items in solr collection " + address.collection()
          + ", each with a " + dimension + "-d vector");
    } catch (IOException | IllegalStateException e) {
      return new StoreCheck(location, List.of(e.getMessage()), "");
    }
  }

  /**
   * Deletes the collection and its configset, only if it holds Loupe's spec document (else refuses, removing
   * nothing). Returns the number of items removed.
   */
  @Override
  public int delete(Path location) throws IOException {
    try (SolrClient client = client()) {
      if (!collectionExists(client)) return 0;
      if (specDocument(client) == null) {
        throw new IllegalStateException("solr collection " + address.collection() + " at " + address.baseUrl()
            + " holds no Loupe index spec: not deleting a collection Loupe did not create");
      }
      int items;
      try (SolrItemStore store = new SolrItemStore(client(), address, readSpec(client))) {
        items = store.size();
      }
      try {
        CollectionAdminRequest.deleteCollection(address.collection()).process(client);
        new ConfigSetAdminRequest.Delete().setConfigSetName(address.configSet()).process(client);
      } catch (Exception e) {
        throw SolrFailures.of(address, "delete the collection", e);
      }
      return items;
    }
  }
}
