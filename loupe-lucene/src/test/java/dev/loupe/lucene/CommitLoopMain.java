package dev.loupe.lucene;

import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.index.Item;
import dev.loupe.core.query.Metric;
import dev.loupe.testing.PixelVectors.Sample;
import dev.loupe.testing.PixelVectors;
import java.nio.file.Path;
import java.util.List;

/**
 * Child process of {@link CrashRecoveryTest}: writes batches of {@value #BATCH} items, committing after each
 * and printing {@code committed <size>}, until it is killed. Each batch starts right after a commit, so a kill
 * usually lands on uncommitted writes or inside a commit.
 */
public final class CommitLoopMain {
  static final int BATCH = 10;
  static final int MAX_BATCHES = 2_000; // stops by itself if the parent never kills it

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    List<Sample> samples = PixelVectors.train(PixelVectors.RGB_768_UNIT);
    IndexSpec spec = PixelVectors.RGB_768_UNIT.spec(Metric.COSINE, IndexSpec.HnswParams.DEFAULT);
    LuceneItemStore store = LuceneItemStore.openOrCreate(dir, spec); // never closed: the process dies
    int n = 0;
    for (int batch = 0; batch < MAX_BATCHES; batch++) {
      for (int i = 0; i < BATCH; i++, n++) {
        Sample s = samples.get(n % samples.size());
        Item item = s.item();
        store.put(new Item("n" + n, item.path(), item.contentHash(), item.size(), item.modified(), item.width(),
            item.height(), item.metadata()), s.vector());
      }
      store.commit();
      System.out.println("committed " + store.size());
      System.out.flush();
    }
  }
}
