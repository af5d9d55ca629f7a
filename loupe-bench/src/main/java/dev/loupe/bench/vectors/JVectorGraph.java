package dev.loupe.bench.vectors;

import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.ListRandomAccessVectorValues;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.similarity.BuildScoreProvider;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.graph.similarity.SearchScoreProvider;
import io.github.jbellis.jvector.quantization.PQVectors;
import io.github.jbellis.jvector.quantization.ProductQuantization;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ForkJoinPool;

/**
 * jvector 4.0.2: an in-memory hierarchical Vamana graph ({@link GraphIndexBuilder}) built with exact scores, and
 * searched two ways, as two series: with exact scores ({@code jvector}), and with product-quantized approximate
 * scores (one byte per {@value #DIMS_PER_SUBSPACE} dimensions) whose candidates are re-ranked with the raw floats
 * ({@code jvector-pq}), jvector's own recipe for keeping only compressed vectors hot. Both search the same graph,
 * built once. The effort is {@code rerankK}: candidates kept during the search (the overquery), of which the top
 * 10 are returned.
 *
 * <p>Not measured: jvector's on-disk index with fused ADC (PQ codes stored beside each node's neighbours), which
 * needs its disk writer and feature set; the in-memory PQ search here reads the same codes from a separate array.
 */
final class JVectorGraph implements AnnLibrary {
  static final int DIMS_PER_SUBSPACE = 8;
  private static final VectorTypeSupport VTS = VectorizationProvider.getInstance().getVectorTypeSupport();
  private static final VectorSimilarityFunction SIMILARITY = VectorSimilarityFunction.DOT_PRODUCT;
  // jvector's defaults for a diverse graph (its own benchmarks use them).
  private static final float NEIGHBOR_OVERFLOW = 1.2f;
  private static final float ALPHA = 1.2f;

  private final List<SearchSetting> settings;

  JVectorGraph(List<Integer> efforts) {
    List<SearchSetting> s = new ArrayList<>();
    for (int e : efforts) s.add(new SearchSetting("jvector", "float32", "rerankK", e, false));
    String pq = "float32 graph, PQ (" + DIMS_PER_SUBSPACE + " dims/byte) search, float rerank";
    for (int e : efforts) s.add(new SearchSetting("jvector-pq", pq, "rerankK", e, true));
    this.settings = List.copyOf(s);
  }

  @Override
  public String name() {
    return "jvector";
  }

  @Override
  public String library() {
    return "jvector 4.0.2";
  }

  @Override
  public List<SearchSetting> settings() {
    return settings;
  }

  @Override
  public BuiltIndex build(MappedVectors vectors, GraphParams params, Path workDir, int threads) throws Exception {
    // Materialised once: jvector's native SIMD on heap-backed vectors built a 5,000-vector graph 3x faster here
    // than on vectors copied from, or views of, the mapped file on each read. At a million that is 5.1 GB of heap,
    // as for hnswlib; the mapped file stays the source.
    List<VectorFloat<?>> copies = new ArrayList<>(vectors.size());
    for (int i = 0; i < vectors.size(); i++) copies.add(VTS.createFloatVector(vectors.get(i)));
    RandomAccessVectorValues values = new ListRandomAccessVectorValues(copies, vectors.dimension());
    ForkJoinPool pool = new ForkJoinPool(threads);
    try {
      // jvector's degree is the bottom layer's neighbour count; HNSW's M = 16 gives 2M = 32 there.
      GraphIndexBuilder builder = new GraphIndexBuilder(BuildScoreProvider.randomAccessScoreProvider(values, SIMILARITY),
          vectors.dimension(), 2 * params.maxConn(), params.beamWidth(), NEIGHBOR_OVERFLOW, ALPHA, true, true, pool, pool);
      long t0 = System.nanoTime();
      ImmutableGraphIndex graph = builder.build(values);
      long t1 = System.nanoTime();
      // Centring helps Euclidean distance only (jvector's own examples centre for EUCLIDEAN alone).
      ProductQuantization quantizer = ProductQuantization.compute(values, vectors.dimension() / DIMS_PER_SUBSPACE, 256,
          false);
      PQVectors codes = (PQVectors) quantizer.encodeAll(values, pool);
      double pqSeconds = (System.nanoTime() - t1) / 1e9;
      System.err.printf(Locale.ROOT, "jvector: graph %.1f s, PQ training and encoding %.1f s%n", (t1 - t0) / 1e9,
          pqSeconds);
      return new Built(graph, values, codes, vectors.dataBytes(), pqSeconds);
    } finally {
      pool.shutdownNow();
    }
  }

  private record Built(ImmutableGraphIndex graph, RandomAccessVectorValues values, PQVectors codes, long rawBytes,
      double pqSeconds) implements BuiltIndex {
    /** The exact series never uses the PQ codes: its build time is the graph's alone. */
    @Override
    public double buildSeconds(SearchSetting setting, double wholeBuildSeconds) {
      return setting.series().equals("jvector-pq") ? wholeBuildSeconds : wholeBuildSeconds - pqSeconds;
    }

    @Override
    public long indexBytes() {
      return graph.ramBytesUsed() + rawBytes + codes.ramBytesUsed();
    }

    /** The exact series reads the raw vectors on every hop; the PQ series only the codes (and a few raw to rerank). */
    @Override
    public long searchBytes(SearchSetting setting) {
      return graph.ramBytesUsed() + (setting.rescore() ? codes.ramBytesUsed() : rawBytes);
    }

    @Override
    public Searcher searcher() {
      GraphSearcher searcher = new GraphSearcher(graph); // not thread-safe: one per thread
      return (query, k, setting) -> {
        VectorFloat<?> q = VTS.createFloatVector(query);
        SearchScoreProvider scores = !setting.rescore()
            ? DefaultSearchScoreProvider.exact(q, SIMILARITY, values)
            : new DefaultSearchScoreProvider(codes.precomputedScoreFunctionFor(q, SIMILARITY), values.rerankerFor(q, SIMILARITY));
        SearchResult result = searcher.search(scores, k, Math.max(k, setting.effort()), 0f, 0f, Bits.ALL);
        SearchResult.NodeScore[] nodes = result.getNodes();
        int[] out = new int[nodes.length];
        for (int i = 0; i < out.length; i++) out[i] = nodes[i].node;
        return out;
      };
    }

    @Override
    public void close() throws Exception {
      graph.close();
    }
  }
}
