package dev.loupe.bench.vectors;

import com.github.jelmerk.hnswlib.core.DistanceFunctions;
import com.github.jelmerk.hnswlib.core.Item;
import com.github.jelmerk.hnswlib.core.SearchResult;
import com.github.jelmerk.hnswlib.core.hnsw.HnswIndex;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * hnswlib-core 1.2.0 ({@link HnswIndex}), inner-product distance on unit vectors. Its items hold their vectors as
 * {@code float[]} on the heap and it reads them on every distance, so unlike the others it cannot search the
 * mapped file: at a million 1280-d vectors that is 5.1 GB of heap. The effort is {@code ef}.
 */
final class Hnswlib implements AnnLibrary {
  private final List<SearchSetting> settings;

  Hnswlib(List<Integer> efforts) {
    this.settings = efforts.stream().map(e -> new SearchSetting(name(), "float32 on heap", "ef", e, false)).toList();
  }

  @Override
  public String name() {
    return "hnswlib";
  }

  @Override
  public String library() {
    return "hnswlib-core 1.2.0";
  }

  @Override
  public List<SearchSetting> settings() {
    return settings;
  }

  /** One gallery row; hnswlib needs Serializable items (it can save an index). */
  record Row(Integer id, float[] vector) implements Item<Integer, float[]> {
    @Override
    public int dimensions() {
      return vector.length;
    }
  }

  @Override
  public BuiltIndex build(MappedVectors vectors, GraphParams params, Path workDir, int threads) throws Exception {
    HnswIndex<Integer, float[], Row, Float> index = HnswIndex
        .newBuilder(vectors.dimension(), DistanceFunctions.FLOAT_INNER_PRODUCT, vectors.size())
        .withM(params.maxConn())
        .withEfConstruction(params.beamWidth())
        .build();
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          for (int i = next.getAndIncrement(); i < vectors.size(); i = next.getAndIncrement()) {
            index.add(new Row(i, vectors.get(i)));
          }
          return null;
        }));
      }
      for (Future<?> f : done) f.get();
    } finally {
      pool.shutdownNow();
    }
    // Its size in memory: the vectors (held by the index) plus the graph, estimated as the bottom layer's
    // 2M int links per node; the runner's heap measurement after the build is the measured figure.
    long bytes = vectors.dataBytes() + (long) vectors.size() * 2 * params.maxConn() * Integer.BYTES;
    return new BuiltIndex() {
      @Override
      public long indexBytes() {
        return bytes;
      }

      @Override
      public long searchBytes(SearchSetting setting) {
        return bytes;
      }

      @Override
      public Searcher searcher() {
        return (query, k, setting) -> {
          // ef is a field of the index, not a search argument: every thread of one timed section sets the
          // same value, so the unsynchronised write is benign.
          if (index.getEf() != setting.effort()) index.setEf(setting.effort());
          List<SearchResult<Row, Float>> hits = index.findNearest(query, k);
          int[] out = new int[hits.size()];
          for (int i = 0; i < out.length; i++) out[i] = hits.get(i).item().id();
          return out;
        };
      }

      @Override
      public void close() {
        // Nothing but heap: dropping the last reference releases it.
      }
    };
  }
}
