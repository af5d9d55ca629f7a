package dev.loupe.core.index;

import dev.loupe.core.dba.GalleryAugmentation;
import dev.loupe.core.dba.NeighbourList;
import dev.loupe.core.query.Centering;
import dev.loupe.core.query.ExactDistance;
import dev.loupe.core.query.Hit;
import dev.loupe.core.query.Metric;
import dev.loupe.core.query.SearchRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * An in-memory store with exact search only; nothing persists beyond the object. It suits evaluation, which
 * ranks the whole gallery for thousands of queries, and programs that need a throw-away index. Same contract as
 * the persistent store: writes are visible after {@link #commit}, one hit per item whatever its number of views,
 * ties broken by id, metadata filters, minimum score, and a centred index's mean committed with its items.
 *
 * <p>A commit copies the pending map (O(n) references): commit in batches, as the persistent store wants too.
 */
public final class MemoryItemStore implements ItemStore {
  /**
   * An item as committed or pending. {@code searched} are the vectors searches compare: the views, or under
   * database-side augmentation the augmented vector alone; {@code neighbours} is null without it.
   */
  private record Entry(Item item, List<float[]> views, List<float[]> searched, NeighbourList neighbours) {
    Entry(Item item, List<float[]> views) {
      this(item, views, views, null);
    }
  }

  /** Centred copies of the views for one centring: evaluation asks thousands of queries with one mean. */
  private record CentredViews(Centering centering, Map<String, List<float[]>> views) {}

  /** What searches and reads see: the last commit, never modified. */
  private record Committed(Map<String, Entry> entries, GalleryMean mean, AtomicReference<CentredViews> centred) {
    Map<String, List<float[]>> centred(Centering centering) {
      CentredViews cached = centred.get();
      if (cached == null || !cached.centering().equals(centering)) {
        Map<String, List<float[]>> map = new HashMap<>();
        for (Entry e : entries.values()) map.put(e.item().id(), e.searched().stream().map(centering::apply).toList());
        cached = new CentredViews(centering, map);
        centred.set(cached);
      }
      return cached.views();
    }
  }

  private final IndexSpec spec;
  private volatile Committed committed;
  private final Object writeLock = new Object();
  /** Every item as of the next commit; guarded by {@link #writeLock}. */
  private final Map<String, Entry> pending = new LinkedHashMap<>();
  /** The gallery mean of a centred index; null otherwise. Guarded by {@link #writeLock}. */
  private final MeanLedger ledger;
  /** Database-side augmentation; null without it. */
  private final GalleryAugmentation augmentation;
  /** Ids put or deleted since the last commit, whose neighbourhoods the next commit looks at. Guarded by {@link #writeLock}. */
  private final Set<String> changed = new HashSet<>();

  public MemoryItemStore(IndexSpec spec) {
    this.spec = spec;
    this.augmentation = spec.levers().dbaTop() == 0 ? null : new GalleryAugmentation(spec.levers().dbaTop(),
        spec.levers().dbaAlpha(), spec.metric(), spec.embedder().normalized());
    GalleryMean mean = spec.levers().center() ? GalleryMean.empty(spec.embedder().dimension()) : null;
    this.committed = new Committed(Map.of(), mean, new AtomicReference<>());
    this.ledger = mean == null ? null : new MeanLedger(mean,
        id -> Optional.ofNullable(committed.entries().get(id)).map(e -> e.views().get(0)));
  }

  @Override
  public IndexSpec spec() {
    return spec;
  }

  @Override
  public int size() {
    return committed.entries().size();
  }

  @Override
  public Optional<Item> get(String id) {
    return Optional.ofNullable(committed.entries().get(id)).map(Entry::item);
  }

  @Override
  public Optional<float[]> vector(String id) {
    return Optional.ofNullable(committed.entries().get(id)).map(e -> e.views().get(0).clone());
  }

  @Override
  public Optional<float[]> searchedVector(String id) {
    return Optional.ofNullable(committed.entries().get(id)).map(e -> e.searched().get(0).clone());
  }

  @Override
  public void forEach(Consumer<Item> visitor) {
    for (Entry e : committed.entries().values()) visitor.accept(e.item());
  }

  @Override
  public void forEachVector(BiConsumer<String, float[]> visitor) {
    for (Entry e : committed.entries().values()) visitor.accept(e.item().id(), e.views().get(0).clone());
  }

  @Override
  public void put(Item item, List<float[]> views) throws IOException {
    VectorChecks.checkItem(spec, item, views);
    ItemChecks.checkTerms(item);
    List<float[]> copies = views.stream().map(float[]::clone).toList();
    synchronized (writeLock) {
      if (ledger != null) ledger.put(item.id(), copies.get(0));
      pending.put(item.id(), new Entry(item, copies));
      changed.add(item.id());
    }
  }

  @Override
  public void delete(String id) throws IOException {
    synchronized (writeLock) {
      if (ledger != null) ledger.delete(id);
      if (pending.remove(id) != null) changed.add(id);
    }
  }

  @Override
  public void commit() throws IOException {
    synchronized (writeLock) {
      if (augmentation != null) augment();
      GalleryMean mean = ledger == null ? null : ledger.pending();
      committed = new Committed(Collections.unmodifiableMap(new LinkedHashMap<>(pending)), mean,
          new AtomicReference<>());
      if (ledger != null) ledger.onCommit();
      changed.clear();
    }
  }

  /** Rewrites the pending entries whose neighbourhoods changed with their new augmented vectors. */
  private void augment() throws IOException {
    Map<String, float[]> raw = new LinkedHashMap<>();
    Map<String, NeighbourList> stored = new HashMap<>();
    for (Entry e : pending.values()) {
      raw.put(e.item().id(), e.views().get(0));
      if (e.neighbours() != null) stored.put(e.item().id(), e.neighbours());
    }
    for (Map.Entry<String, GalleryAugmentation.Update> u : augmentation.update(raw, stored, changed).entrySet()) {
      Entry e = pending.get(u.getKey());
      pending.put(u.getKey(), new Entry(e.item(), e.views(), List.of(u.getValue().augmented()),
          u.getValue().neighbours()));
    }
  }

  @Override
  public void rollback() {
    synchronized (writeLock) {
      pending.clear();
      pending.putAll(committed.entries());
      changed.clear();
      if (ledger != null) ledger.rollback();
    }
  }

  @Override
  public Optional<GalleryMean> galleryMean() {
    return Optional.ofNullable(committed.mean());
  }

  @Override
  public List<Hit> search(float[] query, SearchRequest request) {
    VectorChecks.checkQuery(spec.embedder(), query);
    if (request.centering() != null) VectorChecks.checkCentering(spec.embedder(), request.centering());
    Committed snapshot = committed;
    Metric metric = request.metric() != null ? request.metric() : spec.metric();
    Centering centering = request.centering() != null ? request.centering()
        : snapshot.mean() != null ? snapshot.mean().searchCentering().orElse(null) : null;
    ExactDistance distance = new ExactDistance(query, metric, centering);
    Map<String, List<float[]>> centred = centering == null ? null : snapshot.centred(centering);
    Map<String, Float> best = new HashMap<>();
    for (Entry e : snapshot.entries().values()) {
      if (!matches(e.item(), request.filters())) continue;
      float d = Float.POSITIVE_INFINITY;
      for (float[] x : centred == null ? e.searched() : centred.get(e.item().id())) {
        float dv = distance.toPrepared(x);
        if (dv < d) d = dv;
      }
      if (!Float.isNaN(d)) best.put(e.item().id(), d);
    }
    List<Map.Entry<String, Float>> ranked = new ArrayList<>(best.entrySet());
    ranked.sort(Map.Entry.<String, Float>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
    List<Hit> hits = new ArrayList<>();
    for (Map.Entry<String, Float> r : ranked) {
      if (hits.size() == request.k()) break;
      float score = metric.score(r.getValue());
      if (score < request.minScore()) continue;
      Item item = snapshot.entries().get(r.getKey()).item();
      hits.add(new Hit(hits.size() + 1, item.id(), item.path(), score, r.getValue(), item.metadata()));
    }
    return hits;
  }

  private static boolean matches(Item item, Map<String, String> filters) {
    for (Map.Entry<String, String> f : filters.entrySet()) {
      String value = switch (f.getKey()) {
        case "id" -> item.id();
        case "path" -> item.path();
        default -> item.metadata().get(f.getKey());
      };
      if (!f.getValue().equals(value)) return false;
    }
    return true;
  }

  @Override
  public void close() {}
}
