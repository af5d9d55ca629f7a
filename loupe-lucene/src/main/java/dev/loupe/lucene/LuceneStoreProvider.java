package dev.loupe.lucene;

import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.index.ItemStore;
import dev.loupe.core.index.ItemStoreProvider;
import dev.loupe.core.index.StoreCheck;
import java.io.IOException;
import java.nio.file.Path;

/** The "lucene" store: an index directory on the local file system ({@link LuceneItemStore}). */
public final class LuceneStoreProvider implements ItemStoreProvider {
  public static final String NAME = "lucene";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean exists(Path location) throws IOException {
    return LuceneItemStore.exists(location);
  }

  @Override
  public ItemStore open(Path location) throws IOException {
    return LuceneItemStore.open(location);
  }

  @Override
  public StoreCheck check(Path location) throws IOException {
    IndexCheck.Report report = IndexCheck.run(location);
    return new StoreCheck(location, report.problems(),
        report.documents() + " documents in " + report.segments() + " segments");
  }

  @Override
  public int delete(Path location) throws IOException {
    return LuceneItemStore.deleteIndex(location);
  }

  @Override
  public ItemStore create(Path location, IndexSpec spec) throws IOException {
    return LuceneItemStore.create(location, spec);
  }
}
