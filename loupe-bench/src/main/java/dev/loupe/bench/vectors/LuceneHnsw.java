package dev.loupe.bench.vectors;

import dev.loupe.lucene.HighDimensionVectorsFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.RescoreTopNQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Version;
import org.apache.lucene.util.quantization.QuantizedByteVectorValues.ScalarEncoding;

/**
 * Lucene's HNSW with one vector format: raw floats ({@code Lucene99HnswVectorsFormat}) or scalar-quantized
 * ({@code Lucene104HnswScalarQuantizedVectorsFormat} with one {@link ScalarEncoding}). The effort is
 * {@code numCandidates}: the graph search collects that many candidates and the top 10 of them are returned;
 * with {@code rescore}, the candidates are re-scored with the raw floats first (Lucene's quantized formats keep
 * them beside the quantized copy), which is how Lucene makes few-bit encodings accurate.
 *
 * <p>The index is force-merged to one segment, so Lucene searches one graph like the other libraries.
 */
final class LuceneHnsw implements AnnLibrary {
  private static final String FIELD = "v";
  private static final String ORD = "ord";
  // Large, so that a million 5 KB vectors flush into few segments (each thread's buffer is capped near 2 GB by
  // Lucene): every segment builds its own graph, which the force-merge then has to join.
  private static final long RAM_BUFFER_MB = 4000;

  private final String name;
  private final ScalarEncoding encoding; // null: raw floats
  private final List<SearchSetting> settings;

  /**
   * @param rescoreModes for each, one series of {@code efforts}: without ({@code false}) and/or with
   *     ({@code true}) float rescoring of the candidates
   */
  LuceneHnsw(String name, ScalarEncoding encoding, List<Boolean> rescoreModes, List<Integer> efforts) {
    this.name = name;
    this.encoding = encoding;
    List<SearchSetting> s = new ArrayList<>();
    for (boolean rescore : rescoreModes) {
      for (int effort : efforts) {
        s.add(new SearchSetting(rescore ? name + "+rescore" : name, vectors() + (rescore ? ", float rescoring" : ""),
            "numCandidates", effort, rescore));
      }
    }
    this.settings = List.copyOf(s);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String library() {
    return "Lucene " + Version.LATEST;
  }

  private String vectors() {
    if (encoding == null) return "Lucene99Hnsw float32";
    String bits = switch (encoding) {
      case UNSIGNED_BYTE -> "int8";
      case SEVEN_BIT -> "int7";
      case PACKED_NIBBLE -> "int4";
      case DIBIT_QUERY_NIBBLE -> "2-bit (int4 query)";
      case SINGLE_BIT_QUERY_NIBBLE -> "1-bit (int4 query)";
    };
    return "Lucene104HnswScalarQuantized " + bits;
  }

  @Override
  public List<SearchSetting> settings() {
    return settings;
  }

  @Override
  public BuiltIndex build(MappedVectors vectors, GraphParams params, Path workDir, int threads) throws Exception {
    // Lucene refuses an executor for a single merge worker.
    ExecutorService mergeWorkers = threads > 1 ? Executors.newFixedThreadPool(threads) : null;
    try {
      KnnVectorsFormat graph = encoding == null
          ? new Lucene99HnswVectorsFormat(params.maxConn(), params.beamWidth(), threads, mergeWorkers)
          : new Lucene104HnswScalarQuantizedVectorsFormat(encoding, params.maxConn(), params.beamWidth(), threads,
              mergeWorkers);
      Directory dir = FSDirectory.open(workDir);
      IndexWriterConfig config = new IndexWriterConfig()
          .setCodec(codec(new HighDimensionVectorsFormat(graph)))
          .setRAMBufferSizeMB(RAM_BUFFER_MB)
          .setOpenMode(IndexWriterConfig.OpenMode.CREATE);
      try (IndexWriter writer = new IndexWriter(dir, config)) {
        // As many indexing threads as the others get: each builds its own segment's graph; the force-merge
        // below joins them into one with the same number of merge workers.
        AtomicInteger next = new AtomicInteger();
        ExecutorService indexers = Executors.newFixedThreadPool(threads);
        try {
          List<Future<?>> done = new ArrayList<>();
          for (int t = 0; t < threads; t++) {
            done.add(indexers.submit(() -> {
              for (int i = next.getAndIncrement(); i < vectors.size(); i = next.getAndIncrement()) {
                Document doc = new Document();
                doc.add(new KnnFloatVectorField(FIELD, vectors.get(i), VectorSimilarityFunction.DOT_PRODUCT));
                doc.add(new NumericDocValuesField(ORD, i));
                writer.addDocument(doc);
              }
              return null;
            }));
          }
          for (Future<?> f : done) f.get();
        } finally {
          indexers.shutdownNow();
        }
        writer.forceMerge(1);
        writer.commit();
      }
      DirectoryReader reader = DirectoryReader.open(dir);
      return new Built(dir, reader, ordinals(reader), workDir, encoding != null);
    } finally {
      if (mergeWorkers != null) mergeWorkers.shutdownNow();
    }
  }

  /** Lucene doc id to vector ordinal: documents were added by several threads, so ids are not ordinals. */
  private static int[] ordinals(DirectoryReader reader) throws IOException {
    if (reader.leaves().size() != 1) throw new IllegalStateException("expected one segment, got " + reader.leaves().size());
    LeafReader leaf = reader.leaves().get(0).reader();
    int[] ords = new int[leaf.maxDoc()];
    NumericDocValues values = leaf.getNumericDocValues(ORD);
    for (int doc = values.nextDoc(); doc != NumericDocValues.NO_MORE_DOCS; doc = values.nextDoc()) {
      ords[doc] = (int) values.longValue();
    }
    return ords;
  }

  private static Codec codec(KnnVectorsFormat wide) {
    return new FilterCodec(Codec.getDefault().getName(), Codec.getDefault()) {
      private final KnnVectorsFormat perField = new PerFieldKnnVectorsFormat() {
        @Override
        public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
          return wide;
        }
      };

      @Override
      public KnnVectorsFormat knnVectorsFormat() {
        return perField;
      }
    };
  }

  private final class Built implements BuiltIndex {
    private final Directory dir;
    private final DirectoryReader reader;
    private final IndexSearcher searcher;
    private final int[] ordinals;
    private final long indexBytes;
    private final long searchBytes;

    Built(Directory dir, DirectoryReader reader, int[] ordinals, Path workDir, boolean quantized) throws IOException {
      this.dir = dir;
      this.reader = reader;
      this.searcher = new IndexSearcher(reader);
      this.ordinals = ordinals;
      long all = 0;
      long raw = 0;
      long graphAndVectors = 0;
      try (Stream<Path> files = Files.list(workDir)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          long size = Files.size(f);
          String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
          all += size;
          // .vec: raw floats; .vex: the graph; .veq: quantized vectors (Lucene's file extensions).
          if (n.endsWith(".vec")) raw += size;
          if (n.endsWith(".vex") || n.endsWith(".veq")) graphAndVectors += size;
        }
      }
      this.indexBytes = all;
      // Rescoring reads the raw floats of the candidates only: they are left out for quantized formats.
      this.searchBytes = quantized ? graphAndVectors : graphAndVectors + raw;
    }

    @Override
    public long indexBytes() {
      return indexBytes;
    }

    @Override
    public long searchBytes(SearchSetting setting) {
      return searchBytes;
    }

    @Override
    public Searcher searcher() {
      // IndexSearcher is thread-safe; each thread still gets its own Searcher object for symmetry.
      return (query, k, setting) -> {
        int candidates = Math.max(k, setting.effort());
        Query knn = new KnnFloatVectorQuery(FIELD, query, candidates);
        Query q = setting.rescore() ? RescoreTopNQuery.createFullPrecisionRescorerQuery(knn, query, FIELD, k) : knn;
        TopDocs top = searcher.search(q, k);
        int[] out = new int[top.scoreDocs.length];
        for (int i = 0; i < out.length; i++) {
          ScoreDoc d = top.scoreDocs[i];
          out[i] = ordinals[d.doc];
        }
        return out;
      };
    }

    @Override
    public void close() throws IOException {
      try (dir) {
        reader.close();
      }
    }
  }
}
