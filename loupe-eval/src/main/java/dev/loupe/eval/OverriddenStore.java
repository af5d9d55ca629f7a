package dev.loupe.eval;

import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.index.Item;
import dev.loupe.core.index.ItemStore;
import dev.loupe.core.index.GalleryMean;
import dev.loupe.core.query.Centering;
import dev.loupe.core.query.ExactDistance;
import dev.loupe.core.query.Hit;
import dev.loupe.core.query.Metric;
import dev.loupe.core.query.SearchRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A read-only view of a committed store in which a few items are searched with other vectors: the augmented
 * gallery of leave-one-out evaluation, where the query's neighbours are searched with the vectors they would have
 * without it. Exact: the base store is asked for k + (overridden items) hits, which holds every item that can
 * reach the top k once the overridden ones are scored again. Single-view items only, no metadata filters
 * (evaluation uses neither with database-side augmentation).
 */
final class OverriddenStore implements ItemStore {
  private final ItemStore base;
  private final Map<String, float[]> overrides;

  OverriddenStore(ItemStore base, Map<String, float[]> overrides) {
    if (base.spec().levers().augmentViews() > 0) {
      throw new IllegalArgumentException("database-side augmentation in evaluation takes no augmented views");
    }
    this.base = base;
    this.overrides = Map.copyOf(overrides);
  }

  @Override
  public IndexSpec spec() {
    return base.spec();
  }

  @Override
  public int size() throws IOException {
    return base.size();
  }

  @Override
  public Optional<Item> get(String id) throws IOException {
    return base.get(id);
  }

  @Override
  public Optional<float[]> vector(String id) throws IOException {
    float[] v = overrides.get(id);
    return v != null ? Optional.of(v.clone()) : base.vector(id);
  }

  @Override
  public void forEach(Consumer<Item> visitor) throws IOException {
    base.forEach(visitor);
  }

  @Override
  public void forEachVector(BiConsumer<String, float[]> visitor) throws IOException {
    base.forEachVector((id, v) -> visitor.accept(id, overrides.containsKey(id) ? overrides.get(id).clone() : v));
  }

  @Override
  public void put(Item item, List<float[]> views) {
    throw new UnsupportedOperationException("read-only view");
  }

  @Override
  public void delete(String id) {
    throw new UnsupportedOperationException("read-only view");
  }

  @Override
  public void commit() {
    throw new UnsupportedOperationException("read-only view");
  }

  @Override
  public void rollback() {
    throw new UnsupportedOperationException("read-only view");
  }

  @Override
  public Optional<GalleryMean> galleryMean() throws IOException {
    return base.galleryMean();
  }

  @Override
  public List<Hit> search(float[] query, SearchRequest request) throws IOException {
    if (!request.filters().isEmpty()) throw new IllegalArgumentException("filters are not supported here");
    int k = request.k();
    List<Hit> hits = new ArrayList<>();
    for (Hit h : base.search(query, request.withK((int) Math.min(Integer.MAX_VALUE, (long) k + overrides.size())))) {
      if (!overrides.containsKey(h.id())) hits.add(h);
    }
    Metric metric = request.metric() != null ? request.metric() : base.spec().metric();
    Centering centering = request.centering() != null ? request.centering()
        : base.searchCentering().orElse(null);
    ExactDistance distance = new ExactDistance(query, metric, centering);
    for (Map.Entry<String, float[]> e : overrides.entrySet()) {
      float d = distance.to(e.getValue());
      float score = metric.score(d);
      if (Float.isNaN(d) || score < request.minScore()) continue;
      Item item = base.get(e.getKey()).orElseThrow();
      hits.add(new Hit(0, item.id(), item.path(), score, d, item.metadata()));
    }
    hits.sort(Comparator.comparingDouble(Hit::distance).thenComparing(Hit::id));
    List<Hit> out = new ArrayList<>(Math.min(k, hits.size()));
    for (Hit h : hits.subList(0, Math.min(k, hits.size()))) {
      out.add(new Hit(out.size() + 1, h.id(), h.path(), h.score(), h.distance(), h.metadata()));
    }
    return out;
  }

  @Override
  public void close() {}
}
