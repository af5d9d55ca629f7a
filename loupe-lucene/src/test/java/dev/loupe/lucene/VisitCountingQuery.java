package dev.loupe.lucene;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.AcceptDocs;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.knn.KnnCollectorManager;
import org.apache.lucene.store.FSDirectory;

/**
 * A plain Lucene kNN query that counts the vectors it visits (Lucene reports them as each leaf's total hits).
 * Fewer visits than documents proves a graph was walked rather than every vector scanned.
 */
final class VisitCountingQuery extends KnnFloatVectorQuery {
  final AtomicLong visited = new AtomicLong();

  VisitCountingQuery(String field, float[] target, int k) {
    super(field, target, k);
  }

  @Override
  protected TopDocs approximateSearch(LeafReaderContext context, AcceptDocs acceptDocs, int visitedLimit,
      KnnCollectorManager knnCollectorManager) throws IOException {
    TopDocs top = super.approximateSearch(context, acceptDocs, visitedLimit, knnCollectorManager);
    visited.addAndGet(top.totalHits.value());
    return top;
  }

  /** The vectors format recorded for {@code field} in every segment of the committed index in {@code dir}. */
  static java.util.Set<String> formatNames(Path dir, String field) throws IOException {
    try (FSDirectory directory = FSDirectory.open(dir); DirectoryReader reader = DirectoryReader.open(directory)) {
      java.util.Set<String> names = new java.util.TreeSet<>();
      for (LeafReaderContext leaf : reader.leaves()) {
        names.add(leaf.reader().getFieldInfos().fieldInfo(field)
            .getAttribute(org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat.PER_FIELD_FORMAT_KEY));
      }
      return names;
    }
  }

  /** Ids of a plain top-k graph search (no re-ranking) of the committed index in {@code dir}. */
  static java.util.List<String> plainIds(Path dir, String field, float[] query, int k) throws IOException {
    try (FSDirectory directory = FSDirectory.open(dir); DirectoryReader reader = DirectoryReader.open(directory)) {
      IndexSearcher searcher = new IndexSearcher(reader);
      java.util.List<String> ids = new java.util.ArrayList<>();
      for (var hit : searcher.search(new KnnFloatVectorQuery(field, query, k), k).scoreDocs) {
        ids.add(searcher.storedFields().document(hit.doc).get(FieldNames.ID));
      }
      return ids;
    }
  }

  /** Vectors visited by a top-k search of the committed index in {@code dir}, opened by a plain reader. */
  static long visits(Path dir, String field, float[] query, int k) throws IOException {
    try (FSDirectory directory = FSDirectory.open(dir); DirectoryReader reader = DirectoryReader.open(directory)) {
      VisitCountingQuery counting = new VisitCountingQuery(field, query, k);
      TopDocs top = new IndexSearcher(reader).search(counting, k);
      if (top.scoreDocs.length != Math.min(k, reader.numDocs())) {
        throw new AssertionError("plain reader found " + top.scoreDocs.length + " hits");
      }
      return counting.visited.get();
    }
  }
}
