package dev.loupe.testing;

import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.index.ItemStore;
import dev.loupe.core.index.MemoryItemStore;
import java.nio.file.Path;

/**
 * The in-memory store passes the whole store contract. It lives here, not in loupe-core, because core cannot
 * depend on the test framework. Nothing persists, so the reopen case is skipped and a kill is a rollback.
 */
class MemoryItemStoreTest extends BaseItemStoreTestCase {

  @Override
  protected ItemStore newStore(Path dir, IndexSpec spec) {
    return new MemoryItemStore(spec);
  }
}
