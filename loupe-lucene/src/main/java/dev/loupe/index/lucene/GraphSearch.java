package dev.loupe.index.lucene;

import dev.loupe.query.Metric;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;

/**
 * Approximate search on the HNSW graph, re-ranked exactly.
 *
 * <p>The graph is asked for more candidates than wanted ({@link #candidates}), and each candidate's distance is
 * recomputed from its stored vector under the requested metric. That turns Lucene's similarity-specific scores
 * into the metric's own distance, repairs the ordering errors of a quantized graph, and breaks ties by id.
 */
final class GraphSearch {
  private GraphSearch() {}

  /** How many graph results to re-rank for k hits: a wider beam costs little and lifts recall near k. */
  static int candidates(int k) {
    return Math.max(2 * k, k + 20);
  }

  /**
   * @param query the caller's query, used for exact distances
   * @param graphQuery the vector given to the graph (normalized for a DOT_PRODUCT field)
   */
  static List<Candidate> search(
      IndexSearcher searcher, String field, float[] query, float[] graphQuery, Metric metric, Query filter, int k)
      throws IOException {
    int fetch = candidates(k);
    TopDocs top = searcher.search(new KnnFloatVectorQuery(field, graphQuery, fetch, filter), fetch);
    IndexReader reader = searcher.getIndexReader();
    List<Candidate> found = new ArrayList<>(top.scoreDocs.length);
    for (ScoreDoc hit : top.scoreDocs) {
      float[] vector = LeafAccess.vector(reader, field, hit.doc);
      if (vector == null) continue;
      float distance = metric.distance(query, vector);
      if (Float.isNaN(distance)) continue;
      LeafReaderContext leaf = LeafAccess.leafOf(reader, hit.doc);
      SortedDocValues ids = DocValues.getSorted(leaf.reader(), FieldNames.ID);
      found.add(new Candidate(distance, LeafAccess.id(ids, hit.doc - leaf.docBase), hit.doc));
    }
    found.sort(Candidate.BEST_FIRST);
    return found.size() > k ? found.subList(0, k) : found;
  }
}
