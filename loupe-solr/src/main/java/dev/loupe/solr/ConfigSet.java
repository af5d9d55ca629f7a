package dev.loupe.solr;

import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.query.Metric;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Loupe's configset for one index: {@code solrconfig.xml} as shipped and {@code schema.xml} with the vector field's
 * dimension, similarity and HNSW settings filled in from the index spec (templated, then uploaded as a zip
 * before the collection is created: the schema is complete from the first document, and nothing mutates it).
 */
final class ConfigSet {
  private ConfigSet() {}

  private static final String RESOURCES = "configset/";

  /** Solr's similarity for an index metric; a metric Solr's vector search cannot rank by is refused. */
  static String similarity(IndexSpec spec) {
    Metric metric = spec.metric();
    return switch (metric) {
      case COSINE -> "cosine";
      case L2 -> "euclidean";
      case DOT -> {
        if (!spec.embedder().normalized()) {
          throw new IllegalArgumentException("solr store: metric dot needs unit vectors (Solr's dot_product), but"
              + " embedder " + spec.embedder().name() + " is not normalized; use --metric l2 or cosine");
        }
        yield "dot_product";
      }
      default -> throw new IllegalArgumentException("solr store: metric " + metric.label()
          + " has no Solr vector similarity; create the index with cosine, dot or l2 (searches may still ask for "
          + metric.label() + ": they scan exactly)");
    };
  }

  static String schema(IndexSpec spec) {
    return resource("schema.xml")
        .replace("@DIMENSION@", Integer.toString(spec.embedder().dimension()))
        .replace("@SIMILARITY@", similarity(spec))
        .replace("@MAX_CONN@", Integer.toString(spec.hnsw().maxConn()))
        .replace("@BEAM_WIDTH@", Integer.toString(spec.hnsw().beamWidth()));
  }

  /** The configset as the zip Solr's configset upload takes. */
  static byte[] zip(IndexSpec spec) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("solrconfig.xml"));
      zip.write(resource("solrconfig.xml").getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
      zip.putNextEntry(new ZipEntry("schema.xml"));
      zip.write(schema(spec).getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static String resource(String name) {
    try (InputStream in = ConfigSet.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) throw new IllegalStateException("loupe-solr is missing its resource " + RESOURCES + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
