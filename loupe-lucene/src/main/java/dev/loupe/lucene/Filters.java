package dev.loupe.lucene;

import java.util.Map;
import java.util.TreeMap;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/** Turns a request's exact-match filters into a Lucene query. */
final class Filters {
  private Filters() {}

  /**
   * A conjunction of term queries, or null for no filter. Keys {@code id} and {@code path} match the item's
   * own fields; every other key matches the metadata column of that name. FILTER clauses: they must match but
   * add nothing to scores, which are recomputed from vectors anyway.
   */
  static Query toQuery(Map<String, String> filters) {
    if (filters.isEmpty()) return null;
    BooleanQuery.Builder query = new BooleanQuery.Builder();
    // Sorted so equal requests build equal queries (and hit the same query-cache entries).
    new TreeMap<>(filters).forEach((key, value) ->
        query.add(new TermQuery(new Term(FieldNames.forFilter(key), value)), BooleanClause.Occur.FILTER));
    return query.build();
  }
}
