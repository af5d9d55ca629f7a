package dev.loupe.solr;

import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.index.ItemStore;
import dev.loupe.core.index.ItemStoreProvider;
import dev.loupe.core.index.StoreCheck;
import java.net.URI;
import java.nio.file.Path;

/**
 * The {@code solr} store, found by {@link ItemStoreProvider#forStore} for an address {@code
 * solr://HOST:PORT/COLLECTION}. Unbound (by name alone) it has no collection to work on and says how to give one.
 */
public final class SolrStoreProvider implements ItemStoreProvider {

  @Override
  public String name() {
    return "solr";
  }

  @Override
  public ItemStoreProvider at(URI address) {
    return new SolrCollectionProvider(SolrAddress.parse(address));
  }

  private static IllegalArgumentException noAddress() {
    return new IllegalArgumentException("item store 'solr' needs the collection's address:"
        + " --store solr://HOST:PORT/COLLECTION");
  }

  @Override
  public boolean exists(Path location) {
    throw noAddress();
  }

  @Override
  public ItemStore open(Path location) {
    throw noAddress();
  }

  @Override
  public ItemStore create(Path location, IndexSpec spec) {
    throw noAddress();
  }

  @Override
  public StoreCheck check(Path location) {
    throw noAddress();
  }

  @Override
  public int delete(Path location) {
    throw noAddress();
  }
}
