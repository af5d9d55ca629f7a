package dev.loupe.lucene;

import dev.loupe.core.index.Item;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.BytesRef;

/** Converts items to Lucene documents and back. */
final class ItemDocuments {
  private ItemDocuments() {}

  /**
   * The documents of an item, one per view, view 0 (the item's own vector) first: a block that {@code
   * IndexWriter.updateDocuments} replaces atomically. Every view carries the id and the filterable fields (id,
   * path, metadata), so a filter matches all views of an item or none; only view 0 stores the fields that {@link
   * #toItem} reads back. Terms are not checked here: {@link LuceneItemStore#put} checked them ({@code
   * ItemChecks.checkTerms}).
   */
  static List<Document> toDocuments(
      Item item, List<float[]> views, String vectorField, VectorSimilarityFunction similarity) {
    // Sorted so that documents are built identically whatever the map's iteration order.
    Map<String, String> metadata = new TreeMap<>(item.metadata());
    List<Document> docs = new ArrayList<>(views.size());
    for (int view = 0; view < views.size(); view++) {
      docs.add(view(item, metadata, view, views.get(view), vectorField, similarity));
    }
    return docs;
  }

  private static Document view(Item item, Map<String, String> metadata, int view, float[] vector,
      String vectorField, VectorSimilarityFunction similarity) {
    Field.Store store = view == 0 ? Field.Store.YES : Field.Store.NO;
    Document doc = new Document();
    doc.add(new StringField(FieldNames.ID, item.id(), store));
    doc.add(new SortedDocValuesField(FieldNames.ID, new BytesRef(item.id())));
    doc.add(new IntField(FieldNames.VIEW, view, Field.Store.NO));
    doc.add(new StringField(FieldNames.PATH, item.path(), store));
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      doc.add(new StringField(FieldNames.meta(e.getKey()), e.getValue(), store));
    }
    if (view == 0) {
      if (item.contentHash() != null) {
        // Indexed too: finding an already-indexed copy of a file by its hash is a cheap term lookup.
        doc.add(new StringField(FieldNames.CONTENT_HASH, item.contentHash(), Field.Store.YES));
      }
      doc.add(new LongField(FieldNames.SIZE, item.size(), Field.Store.YES));
      doc.add(new LongField(FieldNames.MODIFIED, item.modified(), Field.Store.YES));
      doc.add(new IntField(FieldNames.WIDTH, item.width(), Field.Store.YES));
      doc.add(new IntField(FieldNames.HEIGHT, item.height(), Field.Store.YES));
    }
    doc.add(new KnnFloatVectorField(vectorField, vector, similarity));
    return doc;
  }

  static Item toItem(Document doc) {
    Map<String, String> metadata = new TreeMap<>();
    for (IndexableField f : doc.getFields()) {
      if (FieldNames.isMeta(f.name())) metadata.put(FieldNames.metaName(f.name()), f.stringValue());
    }
    return new Item(
        doc.get(FieldNames.ID),
        doc.get(FieldNames.PATH),
        doc.get(FieldNames.CONTENT_HASH),
        number(doc, FieldNames.SIZE),
        number(doc, FieldNames.MODIFIED),
        (int) number(doc, FieldNames.WIDTH),
        (int) number(doc, FieldNames.HEIGHT),
        metadata);
  }

  private static long number(Document doc, String field) {
    IndexableField f = doc.getField(field);
    return f == null || f.numericValue() == null ? 0 : f.numericValue().longValue();
  }
}
