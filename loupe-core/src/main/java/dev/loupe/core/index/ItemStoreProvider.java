package dev.loupe.core.index;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * A kind of {@link ItemStore}, found by name through {@link java.util.ServiceLoader}: a module that brings a
 * store lists its provider in {@code META-INF/services/dev.loupe.core.index.ItemStoreProvider}, and the engine
 * opens indexes through it without compiling against the store.
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

  /** Verifies the index at {@code location} (checksums and structure of what is stored) without searching it. */
  StoreCheck check(Path location) throws IOException;

  /**
   * Removes the index at {@code location}, for a rebuild: only what the store wrote itself; refuses, removing
   * nothing, when anything else is there. Returns how many files (or records) were removed.
   */
  int delete(Path location) throws IOException;

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
