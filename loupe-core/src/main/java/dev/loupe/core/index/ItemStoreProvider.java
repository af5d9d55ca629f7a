package dev.loupe.core.index;

import dev.loupe.core.embed.EmbedderDescriptor;
import dev.loupe.core.query.Metric;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * A kind of {@link ItemStore}, found by name through {@link java.util.ServiceLoader}: a module that brings a
 * store lists its provider in {@code META-INF/services/dev.loupe.core.index.ItemStoreProvider}, and the engine
 * opens indexes through it without compiling against the store.
 *
 * <p>A store kept outside the index directory (a search cluster) is selected by an address whose scheme is the
 * provider's name ({@code solr://host:8983/photos}): {@link #forStore} binds the provider to it with {@link #at},
 * and the bound provider's {@code location} arguments are then Loupe's local index directory, for its side files
 * only.
 */
public interface ItemStoreProvider {

  /** The store's name, as a user selects it ("lucene"). */
  String name();

  /** Whether {@code location} holds an index of this store. */
  boolean exists(Path location) throws IOException;

  /** Opens the index at {@code location} with the spec it was created with. */
  ItemStore open(Path location) throws IOException;

  /** Creates a new index at {@code location}; refuses a location that holds anything else. */
  ItemStore create(Path location, IndexSpec spec) throws IOException;

  /**
   * The levers a new index of this store gets when none are asked for: {@link IndexSpec.Levers#defaultFor}, unless
   * the store cannot keep one of them (then it says which it can).
   */
  default IndexSpec.Levers defaultLevers(EmbedderDescriptor embedder, Metric metric) {
    return IndexSpec.Levers.defaultFor(embedder, metric);
  }

  /** Verifies the index at {@code location} (checksums and structure of what is stored) without searching it. */
  StoreCheck check(Path location) throws IOException;

  /**
   * Removes the index at {@code location}, for a rebuild: only what the store wrote itself; refuses, removing
   * nothing, when anything else is there. Returns how many files (or records) were removed.
   */
  int delete(Path location) throws IOException;

  /**
   * This kind of store bound to an address of its own (e.g. a collection on a cluster), for {@link #forStore}.
   * The default refuses: the store lives in the index directory.
   */
  default ItemStoreProvider at(URI address) {
    throw new IllegalArgumentException("item store '" + name() + "' takes no address (" + address
        + "): it keeps the index in the --index directory; use --store " + name());
  }

  /**
   * The provider for a store setting: a name ({@code lucene}), or an address whose scheme names the provider
   * ({@code solr://host:8983/photos}), bound to that address.
   */
  static ItemStoreProvider forStore(String store) {
    if (!store.contains("://")) return forName(store);
    URI address;
    try {
      address = new URI(store);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("store address '" + store + "' is not a URI: " + e.getReason(), e);
    }
    return forName(address.getScheme()).at(address);
  }

  /** The provider with this name on the class path, or an error naming the ones there are and how to add one. */
  static ItemStoreProvider forName(String name) {
    List<String> known = new ArrayList<>();
    for (ItemStoreProvider p : ServiceLoader.load(ItemStoreProvider.class, ItemStoreProvider.class.getClassLoader())) {
      if (p.name().equals(name)) return p;
      known.add(p.name());
    }
    throw new IllegalArgumentException("no item store named '" + name + "'; the class path has "
        + (known.isEmpty() ? "none" : String.join(", ", known))
        + ". Add the module that provides it (e.g. loupe-lucene) to the class path");
  }
}
