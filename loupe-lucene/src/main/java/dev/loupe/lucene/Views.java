package dev.loupe.lucene;

import java.io.IOException;
import org.apache.lucene.document.IntField;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;

/**
 * The views of an item: one document per view, all with the item's id and filterable fields, written (and
 * replaced, and deleted) together as one block. View 0 is the item itself: it alone has the stored fields, and
 * only it is counted, listed and looked up by id. Extra views (1..) exist only to be matched by searches, which
 * collapse them into one hit per item.
 */
final class Views {
  private Views() {}

  /** The extra views (view number 1 and up); documents without a view number are view 0. */
  static final Query EXTRA = IntField.newRangeQuery(FieldNames.VIEW, 1, Integer.MAX_VALUE);

  /** {@code query} restricted to view 0 documents. */
  static Query primaryOnly(Query query) {
    return new BooleanQuery.Builder()
        .add(query, BooleanClause.Occur.FILTER)
        .add(EXTRA, BooleanClause.Occur.MUST_NOT)
        .build();
  }

  /** The view number of a document within a leaf; {@code views} must be advanced in increasing doc order. */
  static int of(SortedNumericDocValues views, int localDoc) throws IOException {
    return views != null && views.advanceExact(localDoc) ? (int) views.nextValue() : 0;
  }
}
