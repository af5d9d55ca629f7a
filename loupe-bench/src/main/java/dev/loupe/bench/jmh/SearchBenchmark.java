package dev.loupe.bench.jmh;

import dev.loupe.core.embed.EmbedderDescriptor;
import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.index.Item;
import dev.loupe.core.query.Hit;
import dev.loupe.core.query.Metric;
import dev.loupe.core.query.SearchRequest;
import dev.loupe.core.util.FileTrees;
import dev.loupe.lucene.LuceneItemStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One top-10 query against a Lucene index of {@code size} 1280-d unit vectors (cosine): the exact scan of every
 * vector, and one HNSW search. The default size keeps the index build short on a small machine; pass
 * {@code -p size=100000} for a real-size gallery (the build then takes minutes).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class SearchBenchmark {
  private static final int QUERIES = 64;

  @Param({"10000"})
  public int size;

  private Path dir;
  private LuceneItemStore store;
  private List<float[]> queries;
  private int next;
  private final SearchRequest hnsw = SearchRequest.topK(10);
  private final SearchRequest exact = hnsw.withExact(true);

  @Setup(Level.Trial)
  public void build() throws IOException {
    if (size < 1) throw new IllegalArgumentException("size must be at least 1, got: " + size);
    List<float[]> all = BenchVectors.clustered(size + QUERIES, BenchVectors.DIMENSION, 42);
    queries = all.subList(size, size + QUERIES);
    EmbedderDescriptor d = new EmbedderDescriptor("bench-clustered", BenchVectors.DIMENSION, true, Map.of());
    dir = Files.createTempDirectory("loupe-jmh-search");
    store = LuceneItemStore.create(dir, new IndexSpec(d, Metric.COSINE, IndexSpec.HnswParams.DEFAULT));
    for (int i = 0; i < size; i++) store.put(new Item("v" + i, "vector:" + i, "", 0, 0, 0, 0, Map.of()), all.get(i));
    store.commit();
    store.forceMerge(1); // one graph, as a long-lived index ends up after merging
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    store.close();
    FileTrees.delete(dir);
  }

  private float[] nextQuery() {
    next = (next + 1) % QUERIES;
    return queries.get(next);
  }

  @Benchmark
  public List<Hit> exactScan() throws IOException {
    return store.search(nextQuery(), exact);
  }

  @Benchmark
  public List<Hit> hnswSearch() throws IOException {
    return store.search(nextQuery(), hnsw);
  }
}
