package dev.loupe.solr;

import dev.loupe.core.index.GalleryMean;
import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.index.Item;
import dev.loupe.core.index.ItemChecks;
import dev.loupe.core.index.ItemStore;
import dev.loupe.core.index.VectorChecks;
import dev.loupe.core.query.ExactDistance;
import dev.loupe.core.query.Hit;
import dev.loupe.core.query.Metric;
import dev.loupe.core.query.SearchRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.request.QueryRequest;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.params.CursorMarkParams;
import org.apache.solr.common.params.ModifiableSolrParams;

/**
 * An {@link ItemStore} on a SolrCloud collection made by {@link SolrCollectionProvider}.
 *
 * <p>Writes: SolrCloud has no rollback, so puts and deletes are buffered here until {@link #commit}, which sends
 * them in batches of {@value #BATCH} documents and then hard-commits. A commit is atomic per shard, not across
 * shards: while it runs a search may see one shard's new state beside another's old one, and a commit that fails
 * half way (a node down) leaves the batches already applied to the live shards in place and visible after their
 * shard's next commit. A failed commit keeps every buffered write, so committing again once the cluster is back
 * sends them all again (puts replace by id, deletes are idempotent) and the index ends in the intended state.
 *
 * <p>Searches: approximate ones (the index's metric, no centring) are Solr {@code knn} queries with one filter
 * query per metadata filter; every other search (exact, another metric, a request's own centring) pages through
 * the filtered items and ranks them here. Either way a hit's distance is {@link ExactDistance}'s, computed from
 * the stored vector Solr returns, and ties are broken by id.
 */
public final class SolrItemStore implements ItemStore {
  /** Documents per update request. */
  static final int BATCH = 500;
  /** Documents per page of an exhaustive scan. */
  static final int PAGE = 500;
  /**
   * Candidates the graph search collects at least (Solr's topK; the beam): a wider beam than k raises recall at
   * small k, as the Lucene store's graph search does. The k best of them by exact distance are returned.
   */
  static final int MIN_CANDIDATES = 100;
  /** Above this k, a search scans exactly instead of asking the graph for so many candidates. */
  static final int MAX_GRAPH_K = 10_000;

  private final SolrClient client;
  private final SolrAddress address;
  private final IndexSpec spec;
  /** Writes since the last commit, by id: the item and its vector, or null for a delete. Guarded by itself. */
  private final LinkedHashMap<String, Pending> pending = new LinkedHashMap<>();

  private record Pending(Item item, float[] vector) {}

  SolrItemStore(SolrClient client, SolrAddress address, IndexSpec spec) {
    this.client = client;
    this.address = address;
    this.spec = spec;
  }

  public SolrAddress address() {
    return address;
  }

  @Override
  public IndexSpec spec() {
    return spec;
  }

  @Override
  public int size() throws IOException {
    ModifiableSolrParams params = itemQuery(Map.of());
    params.set("rows", 0);
    return Math.toIntExact(query(params, "count items").getResults().getNumFound());
  }

  @Override
  public Optional<Item> get(String id) throws IOException {
    return byId(id, false).map(SolrItemStore::item);
  }

  @Override
  public Optional<float[]> vector(String id) throws IOException {
    return byId(id, true).map(SolrItemStore::vectorOf);
  }

  private Optional<SolrDocument> byId(String id, boolean withVector) throws IOException {
    ModifiableSolrParams params = itemQuery(Map.of("id", id));
    params.set("rows", 1);
    params.set("fl", fields(withVector));
    List<SolrDocument> docs = query(params, "get item " + id).getResults();
    return docs.isEmpty() ? Optional.empty() : Optional.of(docs.get(0));
  }

  @Override
  public void forEach(Consumer<Item> visitor) throws IOException {
    scan(Map.of(), false, doc -> visitor.accept(item(doc)));
  }

  @Override
  public void forEachVector(BiConsumer<String, float[]> visitor) throws IOException {
    scan(Map.of(), true, doc -> visitor.accept((String) doc.getFirstValue(FieldNames.ID), vectorOf(doc)));
  }

  @Override
  public void put(Item item, List<float[]> views) throws IOException {
    VectorChecks.checkItem(spec, item, views);
    ItemChecks.checkTerms(item);
    if (item.id().equals(FieldNames.SPEC_ID)) {
      throw new IllegalArgumentException("item id '" + FieldNames.SPEC_ID + "' is reserved by the solr store for its index spec");
    }
    synchronized (pending) {
      pending.put(item.id(), new Pending(item, views.get(0).clone()));
    }
  }

  @Override
  public void delete(String id) throws IOException {
    if (id.equals(FieldNames.SPEC_ID)) return; // never an item
    synchronized (pending) {
      pending.put(id, new Pending(null, null));
    }
  }

  @Override
  public void commit() throws IOException {
    synchronized (pending) {
      List<String> deletes = new ArrayList<>();
      List<SolrInputDocument> puts = new ArrayList<>();
      pending.forEach((id, p) -> {
        if (p.item() == null) deletes.add(id);
        else puts.add(document(p.item(), p.vector()));
      });
      try {
        for (int i = 0; i < deletes.size(); i += BATCH) {
          client.deleteById(address.collection(), deletes.subList(i, Math.min(deletes.size(), i + BATCH)));
        }
        for (int i = 0; i < puts.size(); i += BATCH) {
          client.add(address.collection(), puts.subList(i, Math.min(puts.size(), i + BATCH)));
        }
        client.commit(address.collection(), true, true);
      } catch (Exception e) {
        throw SolrFailures.of(address, "commit of " + pending.size() + " writes (kept: commit again once the"
            + " cluster is back)", e);
      }
      pending.clear();
    }
  }

  @Override
  public void rollback() {
    synchronized (pending) {
      pending.clear();
    }
  }

  @Override
  public Optional<GalleryMean> galleryMean() {
    return Optional.empty(); // the center lever is refused at creation (SolrCollectionProvider)
  }

  @Override
  public List<Hit> search(float[] query, SearchRequest request) throws IOException {
    VectorChecks.checkQuery(spec.embedder(), query);
    if (request.centering() != null) VectorChecks.checkCentering(spec.embedder(), request.centering());
    Metric metric = request.metric() == null ? spec.metric() : request.metric();
    ExactDistance distance = new ExactDistance(query, metric, request.centering());
    boolean graph = !request.exact() && request.centering() == null && metric == spec.metric()
        && request.k() <= MAX_GRAPH_K;
    TopK top = new TopK(request.k());
    if (graph) {
      int candidates = Math.max(request.k(), MIN_CANDIDATES);
      ModifiableSolrParams params = itemQuery(request.filters());
      params.set("q", "{!knn f=" + FieldNames.VECTOR + " topK=" + candidates + "}" + vectorText(query));
      params.set("rows", candidates);
      params.set("fl", fields(true));
      for (SolrDocument doc : query(params, "knn search").getResults()) top.offer(doc, distance.to(vectorOf(doc)));
    } else {
      scan(request.filters(), true, doc -> top.offer(doc, distance.to(vectorOf(doc))));
    }
    List<Hit> hits = new ArrayList<>();
    for (Scored s : top.sorted()) {
      float score = metric.score(s.distance());
      if (score < request.minScore()) continue;
      SolrDocument doc = s.doc();
      hits.add(new Hit(hits.size() + 1, (String) doc.getFirstValue(FieldNames.ID),
          (String) doc.getFirstValue(FieldNames.PATH), score, s.distance(), metadata(doc)));
    }
    return hits;
  }

  @Override
  public Map<String, Object> storageInfo() throws IOException {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("store", "solr");
    info.put("collection", address.collection());
    info.put("node", address.baseUrl());
    info.put("configset", address.configSet());
    return info;
  }

  @Override
  public void close() throws IOException {
    client.close();
  }

  // ---------------------------------------------------------------------------------------------- queries

  private record Scored(SolrDocument doc, String id, float distance) {}

  /** The k best by distance, then id, kept in a bounded heap (worst first). */
  private static final class TopK {
    private static final Comparator<Scored> BEST_FIRST =
        Comparator.comparingDouble(Scored::distance).thenComparing(Scored::id);
    private final int k;
    private final PriorityQueue<Scored> heap = new PriorityQueue<>(BEST_FIRST.reversed());

    TopK(int k) {
      this.k = k;
    }

    void offer(SolrDocument doc, float distance) {
      Scored s = new Scored(doc, (String) doc.getFirstValue(FieldNames.ID), distance);
      if (heap.size() < k) {
        heap.add(s);
      } else if (BEST_FIRST.compare(s, heap.peek()) < 0) {
        heap.poll();
        heap.add(s);
      }
    }

    List<Scored> sorted() {
      List<Scored> out = new ArrayList<>(heap);
      out.sort(BEST_FIRST);
      return out;
    }
  }

  private interface DocVisitor {
    void visit(SolrDocument doc) throws IOException;
  }

  /** Visits every committed item matching the filters, a page at a time, in id order (a cursor). */
  private void scan(Map<String, String> filters, boolean withVector, DocVisitor visitor) throws IOException {
    String cursor = CursorMarkParams.CURSOR_MARK_START;
    while (true) {
      ModifiableSolrParams params = itemQuery(filters);
      params.set("rows", PAGE);
      params.set("sort", FieldNames.ID + " asc");
      params.set("fl", fields(withVector));
      params.set(CursorMarkParams.CURSOR_MARK_PARAM, cursor);
      QueryResponse response = query(params, "scan");
      for (SolrDocument doc : response.getResults()) visitor.visit(doc);
      String next = response.getNextCursorMark();
      if (next == null || next.equals(cursor)) return;
      cursor = next;
    }
  }

  /** Items only (not the spec document), with one term filter per request filter (values passed by reference). */
  private static ModifiableSolrParams itemQuery(Map<String, String> filters) {
    ModifiableSolrParams params = new ModifiableSolrParams();
    params.set("q", "*:*");
    params.add("fq", "{!term f=" + FieldNames.KIND + "}" + FieldNames.ITEM_KIND);
    int n = 0;
    for (Map.Entry<String, String> filter : new TreeMap<>(filters).entrySet()) {
      params.add("fq", "{!term f=" + FieldNames.filterField(filter.getKey()) + " v=$loupe_f" + n + "}");
      params.set("loupe_f" + n, filter.getValue());
      n++;
    }
    return params;
  }

  /** Solr's field list cannot exclude a field: the item's fields are named, the vector only when needed. */
  private static String fields(boolean withVector) {
    return String.join(",", FieldNames.ID, FieldNames.PATH, FieldNames.CONTENT_HASH, FieldNames.SIZE,
        FieldNames.MODIFIED, FieldNames.WIDTH, FieldNames.HEIGHT, FieldNames.META + "*")
        + (withVector ? "," + FieldNames.VECTOR : "");
  }

  private QueryResponse query(ModifiableSolrParams params, String what) throws IOException {
    try {
      // POST: a knn query carries the whole vector (a 1280-d query is ~15 KB, past Jetty's URI limit).
      return new QueryRequest(params, SolrRequest.METHOD.POST).process(client, address.collection());
    } catch (Exception e) {
      throw SolrFailures.of(address, what, e);
    }
  }

  /** Float.toString gives the shortest text that parses back to the same float: the query Solr sees is exact. */
  static String vectorText(float[] v) {
    StringBuilder out = new StringBuilder(v.length * 12).append('[');
    for (int i = 0; i < v.length; i++) {
      if (i > 0) out.append(',');
      out.append(Float.toString(v[i]));
    }
    return out.append(']').toString();
  }

  // -------------------------------------------------------------------------------------------- documents

  static SolrInputDocument document(Item item, float[] vector) {
    SolrInputDocument doc = new SolrInputDocument();
    doc.setField(FieldNames.ID, item.id());
    doc.setField(FieldNames.KIND, FieldNames.ITEM_KIND);
    doc.setField(FieldNames.PATH, item.path());
    doc.setField(FieldNames.CONTENT_HASH, item.contentHash());
    doc.setField(FieldNames.SIZE, item.size());
    doc.setField(FieldNames.MODIFIED, item.modified());
    doc.setField(FieldNames.WIDTH, item.width());
    doc.setField(FieldNames.HEIGHT, item.height());
    List<Float> components = new ArrayList<>(vector.length);
    for (float f : vector) components.add(f);
    doc.setField(FieldNames.VECTOR, components);
    item.metadata().forEach((k, v) -> doc.setField(FieldNames.META + FieldNames.escape(k), v));
    return doc;
  }

  static Item item(SolrDocument doc) {
    return new Item((String) doc.getFirstValue(FieldNames.ID), (String) doc.getFirstValue(FieldNames.PATH),
        text(doc.getFirstValue(FieldNames.CONTENT_HASH)), number(doc, FieldNames.SIZE).longValue(),
        number(doc, FieldNames.MODIFIED).longValue(), number(doc, FieldNames.WIDTH).intValue(),
        number(doc, FieldNames.HEIGHT).intValue(), metadata(doc));
  }

  private static String text(Object value) {
    return value == null ? "" : value.toString();
  }

  private static Number number(SolrDocument doc, String field) {
    Object value = doc.getFirstValue(field);
    return value instanceof Number n ? n : 0;
  }

  static Map<String, String> metadata(SolrDocument doc) {
    Map<String, String> out = new TreeMap<>(); // by name, as the Lucene store reads them
    for (String field : doc.getFieldNames()) {
      if (field.startsWith(FieldNames.META)) {
        out.put(FieldNames.unescape(field.substring(FieldNames.META.length())), text(doc.getFirstValue(field)));
      }
    }
    return out;
  }

  static float[] vectorOf(SolrDocument doc) {
    Collection<Object> values = doc.getFieldValues(FieldNames.VECTOR);
    if (values == null) throw new IllegalStateException("item " + doc.getFirstValue(FieldNames.ID) + " has no stored vector");
    float[] v = new float[values.size()];
    int i = 0;
    for (Object o : values) v[i++] = ((Number) o).floatValue();
    return v;
  }
}
