package dev.loupe.lucene;

import dev.loupe.core.index.VectorFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;

/**
 * Approximate search on the HNSW graph, re-ranked exactly.
 *
 * <p>The graph is asked for a pool of more candidates than wanted, and each candidate's distance is recomputed
 * from its stored vector by {@link QueryDistance}. That turns Lucene's similarity-specific scores into the
 * metric's own distance, repairs the ordering errors of a quantized graph, applies gallery-mean centring (the
 * graph holds raw vectors), and breaks ties by id. The views of an item collapse into one candidate, its closest;
 * the pool is multiplied by the views per item so that k distinct items remain, and widened if they do not.
 */
final class GraphSearch {
  private GraphSearch() {}

  /** How many graph results to re-rank for k hits: a wider beam costs little and lifts recall near k. */
  static int candidates(int k) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(2L * k, k + 20L));
  }

  /**
   * How many graph results to re-rank for k hits under centring. The graph ranks by the raw vectors, which the
   * centred ranking reorders more than re-ranking near the top can repair, so the pool is much wider.
   */
  static int centredCandidates(int k) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(10L * k, 100L));
  }

  /**
   * The pool widened for a graph that ranks candidates coarsely. At 1 bit per dimension the graph's own scores
   * order near neighbours poorly, so the exact re-ranking needs about four times the candidates to find what a
   * float graph finds (measured: recall@10 0.83 instead of 0.95+ on the store suite's 2,216 photos with the
   * float pool). At 4 bits the re-ranked graph matches float from about 50 candidates up, but below that it finds
   * fewer (`bench vectors` at 100k: recall@10 0.463 against float's 0.584 at 10 candidates, 0.786 against 0.773 at
   * 50), so the store's small default pool is doubled; 8 bits keep the float pool.
   */
  static int oversampled(int pool, VectorFormat format) {
    int factor = switch (format) {
      case BIT1 -> 4;
      case INT4 -> 2;
      default -> 1;
    };
    return (int) Math.min(Integer.MAX_VALUE, (long) pool * factor);
  }

  /**
   * @param distance the exact distance to the caller's (possibly centred) query
   * @param graphQuery the vector given to the graph (normalized for a DOT_PRODUCT field)
   * @param pool how many items to re-rank
   * @param viewsPerItem the most documents an item has (1 + extra views)
   */
  static List<Candidate> search(IndexSearcher searcher, String field, QueryDistance distance, float[] graphQuery,
      Query filter, int k, int pool, int viewsPerItem) throws IOException {
    IndexReader reader = searcher.getIndexReader();
    // Never ask the graph for more documents than exist: Lucene sizes its result queue by the number asked.
    int maxDoc = Math.max(1, reader.maxDoc());
    int fetch = (int) Math.min(maxDoc, (long) pool * viewsPerItem);
    while (true) {
      TopDocs top = searcher.search(new KnnFloatVectorQuery(field, graphQuery, fetch, filter), fetch);
      Map<String, Candidate> best = new HashMap<>();
      for (ScoreDoc hit : top.scoreDocs) {
        float[] vector = LeafAccess.vector(reader, field, hit.doc);
        if (vector == null) continue;
        float d = distance.exact(vector);
        if (Float.isNaN(d)) continue;
        LeafReaderContext leaf = LeafAccess.leafOf(reader, hit.doc);
        int local = hit.doc - leaf.docBase;
        String id = LeafAccess.id(DocValues.getSorted(leaf.reader(), FieldNames.ID), local);
        int view = Views.of(DocValues.getSortedNumeric(leaf.reader(), FieldNames.VIEW), local);
        Candidate candidate = new Candidate(d, id, hit.doc, view);
        best.merge(candidate.id(), candidate, (a, b) -> Candidate.BEST_FIRST.compare(a, b) <= 0 ? a : b);
      }
      // Fewer than k items from a full pool: the views of the best items crowded others out; look further.
      boolean exhausted = top.scoreDocs.length < fetch || fetch >= reader.maxDoc();
      if (best.size() >= k || exhausted) {
        List<Candidate> found = new ArrayList<>(best.values());
        found.sort(Candidate.BEST_FIRST);
        return found.size() > k ? found.subList(0, k) : found;
      }
      fetch = (int) Math.min(maxDoc, 2L * fetch);
    }
  }
}
