package dev.loupe.lucene;

import java.io.IOException;
import java.util.List;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.search.ConjunctionUtils;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;

/**
 * Exhaustive search under any metric: every live document with a vector (and matching the filter) is compared
 * with the query through {@link QueryDistance}: a fast SIMD lower bound first, the exact distance only for the
 * vectors that could still enter the top k. The views of an item collapse into one candidate, its closest. The
 * result is bit for bit a brute-force {@link dev.loupe.testing.ExactSearch} over each item's closest view (with
 * ties going by id).
 */
final class ExactScan {
  private ExactScan() {}

  static List<Candidate> search(IndexSearcher searcher, String field, QueryDistance distance, Query filter, int k)
      throws IOException {
    Weight filterWeight = filter == null
        ? null
        : searcher.createWeight(searcher.rewrite(filter), ScoreMode.COMPLETE_NO_SCORES, 1f);
    TopCandidates top = new TopCandidates(k);
    for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
      FloatVectorValues values = leaf.reader().getFloatVectorValues(field);
      if (values == null) continue;
      KnnVectorValues.DocIndexIterator vectors = values.iterator();
      DocIdSetIterator docs = vectors;
      if (filterWeight != null) {
        Scorer matches = filterWeight.scorer(leaf);
        if (matches == null) continue;
        // The conjunction moves the vector iterator onto each matching doc, so vectors.index() stays valid.
        docs = ConjunctionUtils.intersectIterators(List.of(matches.iterator(), vectors));
      }
      // Scorers and vector values ignore deletions; a deleted (or replaced) item must not come back.
      Bits live = leaf.reader().getLiveDocs();
      SortedDocValues ids = DocValues.getSorted(leaf.reader(), FieldNames.ID);
      SortedNumericDocValues views = DocValues.getSortedNumeric(leaf.reader(), FieldNames.VIEW);
      for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
        if (live != null && !live.get(doc)) continue;
        float[] vector = values.vectorValue(vectors.index());
        // The SIMD lower bound rules out almost every vector; the few that could enter get their exact distance.
        float bound = distance.lowerBound(vector);
        if (!top.competitive(bound)) continue;
        float d = distance.boundIsExact() ? bound : distance.exact(vector);
        if (Float.isNaN(d) || !top.competitive(d)) continue;
        top.offer(new Candidate(d, LeafAccess.id(ids, doc), leaf.docBase + doc, Views.of(views, doc)));
      }
    }
    return top.results();
  }
}
