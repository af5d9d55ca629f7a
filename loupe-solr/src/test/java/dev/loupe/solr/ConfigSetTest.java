package dev.loupe.solr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.query.Metric;
import dev.loupe.testing.PixelVectors;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The configset Loupe uploads is filled in from the index spec; addresses are parsed or refused in one line. */
class ConfigSetTest {

  @Test
  void theSchemaHasTheSpecsDimensionSimilarityAndGraphSettings() {
    IndexSpec.HnswParams hnsw = new IndexSpec.HnswParams(24, 60, false);
    String cosine = ConfigSet.schema(PixelVectors.GRAY_1280_UNIT.spec(Metric.COSINE, hnsw));
    assertTrue(cosine.contains("vectorDimension=\"1280\""), cosine);
    assertTrue(cosine.contains("similarityFunction=\"cosine\""), cosine);
    assertTrue(cosine.contains("hnswMaxConnections=\"24\"") && cosine.contains("hnswBeamWidth=\"60\""), cosine);
    assertTrue(!cosine.contains("@"), "every placeholder is filled");
    assertTrue(ConfigSet.schema(PixelVectors.GRAY_2560_RAW.spec(Metric.L2, hnsw)).contains("similarityFunction=\"euclidean\""));
    assertTrue(ConfigSet.schema(PixelVectors.RGB_768_UNIT.spec(Metric.DOT, hnsw)).contains("similarityFunction=\"dot_product\""));
    // Solr sets a vector field's dimension limit through the schema's codec only when the config asks for it.
    assertTrue(ConfigSet.resource("solrconfig.xml").contains("<codecFactory class=\"solr.SchemaCodecFactory\"/>"));
  }

  @Test
  void addressesAreParsedOrRefusedInOneLine() {
    SolrAddress plain = SolrAddress.parse(URI.create("solr://127.0.0.1:8983/photos"));
    assertEquals("http://127.0.0.1:8983/solr", plain.baseUrl());
    assertEquals("photos", plain.collection());
    assertEquals(1, plain.shards());
    assertEquals(1, plain.replicas());
    assertEquals("loupe-photos", plain.configSet());
    SolrAddress laidOut = SolrAddress.parse(URI.create("solr://solr1:8983/photos?shards=4&replicas=2"));
    assertEquals(4, laidOut.shards());
    assertEquals(2, laidOut.replicas());
    for (String bad : new String[] {"solr://host/photos", "solr://host:8983/", "solr://host:8983/a/b",
        "solr://host:8983/photos?shards=0", "solr://host:8983/photos?shard=2", "solr://host:8983/ph%20otos"}) {
      String message = assertThrows(IllegalArgumentException.class, () -> SolrAddress.parse(URI.create(bad))).getMessage();
      assertTrue(message.startsWith("store address "), message);
      assertEquals(1, message.lines().count(), message);
    }
  }

  @Test
  void metadataColumnsOfAnyCharactersMakeSafeFieldNamesAndComeBack() {
    for (String column : new String[] {"class", "odd key: ü_/", "_", "a_0041", "名前"}) {
      String field = FieldNames.escape(column);
      assertTrue(field.matches("[A-Za-z0-9_]+"), field);
      assertEquals(column, FieldNames.unescape(field));
    }
  }
}
