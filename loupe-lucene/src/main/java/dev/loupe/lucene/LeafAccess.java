package dev.loupe.lucene;

import java.io.IOException;
import java.util.List;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.util.BytesRef;

/** Point reads of one document's id and vector from a top-level reader. */
final class LeafAccess {
  private LeafAccess() {}

  static LeafReaderContext leafOf(IndexReader reader, int doc) {
    List<LeafReaderContext> leaves = reader.leaves();
    return leaves.get(ReaderUtil.subIndex(doc, leaves));
  }

  /** The stored vector of a document (top-level number), or null when it has none. */
  static float[] vector(IndexReader reader, String field, int doc) throws IOException {
    LeafReaderContext leaf = leafOf(reader, doc);
    FloatVectorValues values = leaf.reader().getFloatVectorValues(field);
    if (values == null) return null;
    KnnVectorValues.DocIndexIterator it = values.iterator();
    int local = doc - leaf.docBase;
    if (it.advance(local) != local) return null;
    // The values object may reuse its buffer; callers keep the array.
    return values.vectorValue(it.index()).clone();
  }

  /** The id of a document within a leaf; {@code ids} must be advanced in increasing doc order. */
  static String id(SortedDocValues ids, int localDoc) throws IOException {
    if (ids == null || !ids.advanceExact(localDoc)) return "";
    BytesRef term = ids.lookupOrd(ids.ordValue());
    return term.utf8ToString();
  }
}
