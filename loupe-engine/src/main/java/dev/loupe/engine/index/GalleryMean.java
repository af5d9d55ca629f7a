package dev.loupe.engine.index;

import dev.loupe.core.index.ItemStore;
import dev.loupe.core.query.Centering;
import java.io.IOException;

/**
 * The running mean of the items' own vectors in a store. It is derived state: computed from the store when it
 * is opened, then kept up to date as items are put and deleted, so it never disagrees with the items.
 */
final class GalleryMean {
  private final double[] sum;
  private long count;

  private GalleryMean(int dimension) {
    this.sum = new double[dimension];
  }

  static GalleryMean of(ItemStore store) throws IOException {
    GalleryMean mean = new GalleryMean(store.spec().embedder().dimension());
    store.forEachVector((id, v) -> mean.add(v));
    return mean;
  }

  synchronized void add(float[] v) {
    for (int i = 0; i < sum.length; i++) sum[i] += v[i];
    count++;
  }

  synchronized void remove(float[] v) {
    for (int i = 0; i < sum.length; i++) sum[i] -= v[i];
    count--;
  }

  synchronized long count() {
    return count;
  }

  /** The centring for the current mean (a zero mean, i.e. no change but re-normalisation, when empty). */
  synchronized Centering centering() {
    float[] mean = new float[sum.length];
    if (count > 0) {
      for (int i = 0; i < mean.length; i++) mean[i] = (float) (sum[i] / count);
    }
    return new Centering(mean);
  }
}
