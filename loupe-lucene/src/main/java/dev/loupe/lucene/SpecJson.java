package dev.loupe.lucene;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.core.embed.EmbedderDescriptor;
import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.index.VectorFormat;
import dev.loupe.core.query.Metric;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON form of an {@link IndexSpec}, written field by field (not by reflection) so that the stored format
 * does not change when the core records gain methods or components.
 */
final class SpecJson {
  private SpecJson() {}

  private static final ObjectMapper MAPPER = new ObjectMapper();

  static String write(IndexSpec spec) {
    ObjectNode root = MAPPER.createObjectNode();
    ObjectNode embedder = root.putObject("embedder");
    embedder.put("name", spec.embedder().name());
    embedder.put("dimension", spec.embedder().dimension());
    embedder.put("normalized", spec.embedder().normalized());
    ObjectNode fingerprint = embedder.putObject("fingerprint");
    new TreeMap<>(spec.embedder().fingerprint()).forEach(fingerprint::put);
    root.put("metric", spec.metric().label());
    ObjectNode hnsw = root.putObject("hnsw");
    hnsw.put("maxConn", spec.hnsw().maxConn());
    hnsw.put("beamWidth", spec.hnsw().beamWidth());
    // Readers from before named formats know only "quantize" (false = float, true = int8) and require it: write it
    // for those two formats, so that such a reader opens them as they are, and leave it out for the others, so
    // that it refuses them instead of opening an int4 or 1-bit index as int8 and writing int8 segments into it.
    VectorFormat format = spec.hnsw().vectorFormat();
    if (format == VectorFormat.FLOAT || format == VectorFormat.INT8) hnsw.put("quantize", format == VectorFormat.INT8);
    hnsw.put("vectorFormat", format.label());
    ObjectNode levers = root.putObject("levers");
    levers.put("center", spec.levers().center());
    levers.put("augmentViews", spec.levers().augmentViews());
    // Only when on: the spec of every other index stays byte for byte what it was.
    if (spec.levers().dbaTop() > 0) {
      levers.put("dbaTop", spec.levers().dbaTop());
      levers.put("dbaAlpha", spec.levers().dbaAlpha());
    }
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write index spec as JSON", e);
    }
  }

  /** Parses a spec; throws IllegalArgumentException naming the first missing or bad value. */
  static IndexSpec read(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("spec is not valid JSON: " + e.getOriginalMessage(), e);
    }
    JsonNode embedder = required(root, "embedder", "embedder");
    Map<String, String> fingerprint = new TreeMap<>();
    JsonNode fp = embedder.get("fingerprint");
    if (fp != null && fp.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = fp.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        fingerprint.put(e.getKey(), e.getValue().asText());
      }
    }
    EmbedderDescriptor descriptor = new EmbedderDescriptor(
        required(embedder, "name", "embedder.name").asText(),
        required(embedder, "dimension", "embedder.dimension").asInt(),
        required(embedder, "normalized", "embedder.normalized").asBoolean(),
        fingerprint);
    Metric metric = Metric.parse(required(root, "metric", "metric").asText());
    JsonNode hnsw = required(root, "hnsw", "hnsw");
    IndexSpec.HnswParams params = new IndexSpec.HnswParams(
        required(hnsw, "maxConn", "hnsw.maxConn").asInt(),
        required(hnsw, "beamWidth", "hnsw.beamWidth").asInt(),
        vectorFormat(hnsw));
    return new IndexSpec(descriptor, metric, params, levers(root.get("levers")));
  }

  /** Specs written before formats had names record only "quantize", which was int8. */
  private static VectorFormat vectorFormat(JsonNode hnsw) {
    JsonNode format = hnsw.get("vectorFormat");
    if (format == null || format.isNull()) {
      return required(hnsw, "quantize", "hnsw.quantize").asBoolean() ? VectorFormat.INT8 : VectorFormat.FLOAT;
    }
    return VectorFormat.parse(format.asText());
  }

  /**
   * Specs written before levers existed have none: they are {@link IndexSpec.Levers#NONE}. Specs without
   * {@code dbaTop} (all written before database-side augmentation, and every index without it) have it off.
   */
  private static IndexSpec.Levers levers(JsonNode levers) {
    if (levers == null || levers.isNull()) return IndexSpec.Levers.NONE;
    IndexSpec.Levers out = new IndexSpec.Levers(
        required(levers, "center", "levers.center").asBoolean(),
        required(levers, "augmentViews", "levers.augmentViews").asInt());
    JsonNode top = levers.get("dbaTop");
    if (top == null || top.isNull()) return out;
    return out.withDba(top.asInt(), required(levers, "dbaAlpha", "levers.dbaAlpha").asDouble());
  }

  private static JsonNode required(JsonNode parent, String key, String path) {
    JsonNode node = parent == null ? null : parent.get(key);
    if (node == null || node.isNull()) throw new IllegalArgumentException("spec has no '" + path + "'");
    return node;
  }
}
