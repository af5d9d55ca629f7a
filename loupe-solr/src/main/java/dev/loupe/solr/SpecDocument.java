package dev.loupe.solr;

import dev.loupe.core.embed.EmbedderDescriptor;
import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.index.VectorFormat;
import dev.loupe.core.query.Metric;
import java.util.Map;
import java.util.TreeMap;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrInputDocument;

/**
 * The index spec as one Solr document ({@link FieldNames#SPEC_ID}): each value in its own stored field, so that
 * {@code open} reads back what {@code create} wrote (embedder, dimension, model fingerprint, metric, HNSW
 * settings, levers) with the client alone.
 */
final class SpecDocument {
  private SpecDocument() {}

  private static final String FINGERPRINT = FieldNames.SPEC + "fp_";

  static SolrInputDocument write(IndexSpec spec) {
    SolrInputDocument doc = new SolrInputDocument();
    doc.setField(FieldNames.ID, FieldNames.SPEC_ID);
    doc.setField(FieldNames.KIND, FieldNames.SPEC_KIND);
    put(doc, "embedder_name", spec.embedder().name());
    put(doc, "embedder_dimension", spec.embedder().dimension());
    put(doc, "embedder_normalized", spec.embedder().normalized());
    spec.embedder().fingerprint().forEach((k, v) -> doc.setField(FINGERPRINT + FieldNames.escape(k), v));
    put(doc, "metric", spec.metric().label());
    put(doc, "hnsw_maxConn", spec.hnsw().maxConn());
    put(doc, "hnsw_beamWidth", spec.hnsw().beamWidth());
    put(doc, "hnsw_vectorFormat", spec.hnsw().vectorFormat().label());
    put(doc, "levers_center", spec.levers().center());
    put(doc, "levers_augmentViews", spec.levers().augmentViews());
    put(doc, "levers_dbaTop", spec.levers().dbaTop());
    put(doc, "levers_dbaAlpha", spec.levers().dbaAlpha());
    return doc;
  }

  private static void put(SolrInputDocument doc, String key, Object value) {
    doc.setField(FieldNames.SPEC + key, String.valueOf(value));
  }

  /** Reads a spec document; a missing or bad value fails naming it and the collection. */
  static IndexSpec read(SolrDocument doc, String collection) {
    Map<String, String> fingerprint = new TreeMap<>();
    for (String field : doc.getFieldNames()) {
      if (field.startsWith(FINGERPRINT)) {
        fingerprint.put(FieldNames.unescape(field.substring(FINGERPRINT.length())), text(doc, field, collection));
      }
    }
    try {
      EmbedderDescriptor embedder = new EmbedderDescriptor(value(doc, "embedder_name", collection),
          Integer.parseInt(value(doc, "embedder_dimension", collection)),
          Boolean.parseBoolean(value(doc, "embedder_normalized", collection)), fingerprint);
      IndexSpec.HnswParams hnsw = new IndexSpec.HnswParams(Integer.parseInt(value(doc, "hnsw_maxConn", collection)),
          Integer.parseInt(value(doc, "hnsw_beamWidth", collection)),
          VectorFormat.parse(value(doc, "hnsw_vectorFormat", collection)));
      IndexSpec.Levers levers = new IndexSpec.Levers(Boolean.parseBoolean(value(doc, "levers_center", collection)),
          Integer.parseInt(value(doc, "levers_augmentViews", collection)),
          Integer.parseInt(value(doc, "levers_dbaTop", collection)),
          Double.parseDouble(value(doc, "levers_dbaAlpha", collection)));
      return new IndexSpec(embedder, Metric.parse(value(doc, "metric", collection)), hnsw, levers);
    } catch (NumberFormatException e) {
      throw new IllegalStateException("solr collection " + collection + ": its index spec has a bad number: "
          + e.getMessage(), e);
    }
  }

  private static String value(SolrDocument doc, String key, String collection) {
    return text(doc, FieldNames.SPEC + key, collection);
  }

  private static String text(SolrDocument doc, String field, String collection) {
    Object value = doc.getFirstValue(field);
    if (value == null) {
      throw new IllegalStateException("solr collection " + collection + ": its index spec has no '" + field + "'");
    }
    return value.toString();
  }
}
