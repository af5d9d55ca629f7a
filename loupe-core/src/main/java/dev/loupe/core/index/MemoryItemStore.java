package dev.loupe.core.index;

import dev.loupe.core.query.Centering;
import dev.loupe.core.query.Hit;
import dev.loupe.core.query.Metric;
import dev.loupe.core.query.SearchRequest;
import dev.loupe.core.query.Vectors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * An in-memory store with exact search only: nothing persists, everything is visible at once ({@link #commit}
 * does nothing). It suits evaluation, which ranks the whole gallery for thousands of queries, and programs
 * that need a throw-away index. Same semantics as the persistent store: one hit per item whatever its number of
 * views, ties broken by id, metadata filters, minimum score, centring.
 */
public final class MemoryItemStore implements ItemStore {
  private record Entry(Item item, List<float[]> views) {}

  private final IndexSpec spec;
  private final Map<String, Entry> entries = new LinkedHashMap<>();
  // Centred copies of the views for the last centring used: evaluation asks thousands of queries with one mean.
  private Centering centredFor;
  private Map<String, List<float[]>> centred = Map.of();
  private final ReadWriteLock lock = new ReentrantReadWriteLock();

  public MemoryItemStore(IndexSpec spec) {
    this.spec = spec;
  }

  @Override
  public IndexSpec spec() {
    return spec;
  }

  @Override
  public int size() {
    lock.readLock().lock();
    try {
      return entries.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public Optional<Item> get(String id) {
    lock.readLock().lock();
    try {
      return Optional.ofNullable(entries.get(id)).map(Entry::item);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public Optional<float[]> vector(String id) {
    lock.readLock().lock();
    try {
      return Optional.ofNullable(entries.get(id)).map(e -> e.views().get(0).clone());
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void forEach(Consumer<Item> visitor) {
    lock.readLock().lock();
    try {
      for (Entry e : entries.values()) visitor.accept(e.item());
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void forEachVector(BiConsumer<String, float[]> visitor) {
    lock.readLock().lock();
    try {
      for (Entry e : entries.values()) visitor.accept(e.item().id(), e.views().get(0).clone());
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void put(Item item, List<float[]> views) {
    if (views.isEmpty()) throw new IllegalArgumentException("item " + item.id() + " needs at least one vector");
    List<float[]> copies = new ArrayList<>(views.size());
    for (float[] v : views) {
      if (v.length != spec.embedder().dimension()) {
        throw new IllegalArgumentException("vector of item " + item.id() + " has " + v.length
            + " dimensions, the index needs " + spec.embedder().dimension());
      }
      copies.add(v.clone());
    }
    lock.writeLock().lock();
    try {
      entries.put(item.id(), new Entry(item, List.copyOf(copies)));
      centredFor = null;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public void delete(String id) {
    lock.writeLock().lock();
    try {
      entries.remove(id);
      centredFor = null;
    } finally {
      lock.writeLock().unlock();
    }
  }

  private synchronized Map<String, List<float[]>> centredViews(Centering centering) {
    if (!centering.equals(centredFor)) {
      Map<String, List<float[]>> map = new HashMap<>();
      for (Entry e : entries.values()) map.put(e.item().id(), e.views().stream().map(centering::apply).toList());
      centred = map;
      centredFor = centering;
    }
    return centred;
  }

  @Override
  public void commit() {}

  @Override
  public List<Hit> search(float[] query, SearchRequest request) {
    lock.readLock().lock();
    try {
      return searchLocked(query, request);
    } finally {
      lock.readLock().unlock();
    }
  }

  private List<Hit> searchLocked(float[] query, SearchRequest request) {
    Metric metric = request.metric() != null ? request.metric() : spec.metric();
    Centering centering = request.centering();
    float[] q = centering == null ? query : centering.apply(query);
    // Unit vectors on both sides: cosine is the dot product, one pass instead of three.
    boolean unit = spec.embedder().normalized() || centering != null;
    Map<String, List<float[]>> centredViews = centering == null ? null : centredViews(centering);
    Map<String, Float> best = new HashMap<>();
    for (Entry e : entries.values()) {
      if (!matches(e.item(), request.filters())) continue;
      float d = Float.POSITIVE_INFINITY;
      for (float[] x : centering == null ? e.views() : centredViews.get(e.item().id())) {
        float dv = metric == Metric.COSINE && unit ? 1f - Vectors.dot(q, x) : metric.distance(q, x);
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
      Item item = entries.get(r.getKey()).item();
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
