package dev.loupe.index.lucene;

import dev.loupe.query.Metric;
import java.io.IOException;
import java.util.List;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedDocValues;
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
 * with the query using {@link Metric#distance}, the same function the reference {@link
 * dev.loupe.query.ExactSearch} uses.
 */
final class ExactScan {
  private ExactScan() {}

  static List<Candidate> search(
      IndexSearcher searcher, String field, float[] query, Metric metric, Query filter, int k) throws IOException {
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
      for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
        if (live != null && !live.get(doc)) continue;
        float distance = metric.distance(query, values.vectorValue(vectors.index()));
        if (Float.isNaN(distance) || !top.competitive(distance)) continue;
        top.offer(new Candidate(distance, LeafAccess.id(ids, doc), leaf.docBase + doc));
      }
    }
    return top.results();
  }
}
