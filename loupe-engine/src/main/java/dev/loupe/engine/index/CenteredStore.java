package dev.loupe.engine.index;

import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.index.Item;
import dev.loupe.core.index.ItemStore;
import dev.loupe.core.query.Hit;
import dev.loupe.core.query.SearchRequest;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Gallery-mean centring over any store: tracks the mean of the indexed vectors as items come and go and has
 * every search compare {@code normalize(v - mean)} for the query and the stored vectors. Stored vectors stay
 * raw, so the mean can move without rewriting them.
 */
public final class CenteredStore implements ItemStore {
  private final ItemStore store;
  private final GalleryMean mean;

  private CenteredStore(ItemStore store, GalleryMean mean) {
    this.store = store;
    this.mean = mean;
  }

  /** Wraps {@code store}, reading every vector once to compute the current mean. */
  public static CenteredStore over(ItemStore store) throws IOException {
    return new CenteredStore(store, GalleryMean.of(store));
  }

  /** The centring searches use now. */
  public dev.loupe.core.query.Centering centering() {
    return mean.centering();
  }

  @Override
  public IndexSpec spec() {
    return store.spec();
  }

  @Override
  public int size() throws IOException {
    return store.size();
  }

  @Override
  public Optional<Item> get(String id) throws IOException {
    return store.get(id);
  }

  @Override
  public Optional<float[]> vector(String id) throws IOException {
    return store.vector(id);
  }

  @Override
  public void forEach(Consumer<Item> visitor) throws IOException {
    store.forEach(visitor);
  }

  @Override
  public void forEachVector(BiConsumer<String, float[]> visitor) throws IOException {
    store.forEachVector(visitor);
  }

  @Override
  public synchronized void put(Item item, List<float[]> views) throws IOException {
    store.vector(item.id()).ifPresent(mean::remove);
    store.put(item, views);
    mean.add(views.get(0));
  }

  @Override
  public synchronized void delete(String id) throws IOException {
    Optional<float[]> old = store.vector(id);
    store.delete(id);
    old.ifPresent(mean::remove);
  }

  @Override
  public void commit() throws IOException {
    store.commit();
  }

  @Override
  public List<Hit> search(float[] query, SearchRequest request) throws IOException {
    return store.search(query, request.centering() != null ? request : request.withCentering(mean.centering()));
  }

  @Override
  public java.util.Map<String, Object> storageInfo() throws IOException {
    return store.storageInfo();
  }

  @Override
  public void optimize() throws IOException {
    store.optimize();
  }

  @Override
  public void close() throws IOException {
    store.close();
  }
}
