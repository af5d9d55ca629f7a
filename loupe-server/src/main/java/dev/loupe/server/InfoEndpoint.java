package dev.loupe.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.core.index.IndexSpec;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code GET /info} (the indexes served), {@code GET /fields} (metadata fields and their most frequent values,
 * for a page to build filters), {@code GET /health} (the process answers) and {@code GET /ready} (every index
 * is open and readable).
 */
final class InfoEndpoint {
  /** Values listed per field by /fields: enough for a filter menu, bounded for a field of unique titles. */
  static final int MAX_FIELD_VALUES = 50;

  private final Indexes indexes;
  private final ObjectMapper json;

  InfoEndpoint(Indexes indexes, ObjectMapper json) {
    this.indexes = indexes;
    this.json = json;
  }

  void info(Context ctx) throws IOException {
    List<Map<String, Object>> list = new ArrayList<>();
    for (ServedIndex s : indexes.all()) list.add(describe(s));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("default", list.get(0).get("name"));
    out.put("indexes", list);
    send(ctx, 200, out);
  }

  private static Map<String, Object> describe(ServedIndex s) throws IOException {
    IndexSpec spec = s.loupe().spec();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", s.name());
    out.put("items", s.loupe().store().size());
    out.put("model", spec.embedder().name());
    out.put("dimension", spec.embedder().dimension());
    out.put("metric", spec.metric().label());
    Object bytes = s.loupe().storageInfo().get("sizeOnDiskBytes");
    out.put("sizeOnDiskBytes", bytes instanceof Number n ? n.longValue() : 0L);
    out.put("text", s.answersText());
    out.put("fields", new ArrayList<>(fieldCounts(s).keySet()));
    return out;
  }

  void fields(Context ctx) throws IOException {
    ServedIndex s = indexes.get(ctx.queryParam("index"));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("index", s.name());
    List<Map<String, Object>> fields = new ArrayList<>();
    for (Map.Entry<String, Map<String, Integer>> f : fieldCounts(s).entrySet()) {
      List<Map<String, Object>> values = new ArrayList<>();
      f.getValue().entrySet().stream()
          .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
          .limit(MAX_FIELD_VALUES)
          .forEach(e -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("value", e.getKey());
            v.put("count", e.getValue());
            values.add(v);
          });
      Map<String, Object> field = new LinkedHashMap<>();
      field.put("name", f.getKey());
      field.put("distinct", f.getValue().size());
      field.put("values", values);
      fields.add(field);
    }
    out.put("fields", fields);
    send(ctx, 200, out);
  }

  private static Map<String, Map<String, Integer>> fieldCounts(ServedIndex s) throws IOException {
    return s.fieldCounts();
  }

  void health(Context ctx) throws IOException {
    send(ctx, 200, Map.of("status", "ok"));
  }

  void ready(Context ctx) throws IOException {
    Map<String, Object> failures = new TreeMap<>();
    for (ServedIndex s : indexes.all()) {
      try {
        s.loupe().store().size();
      } catch (IOException | RuntimeException e) {
        failures.put(s.name(), SearchEndpoint.firstLine(e.getMessage()));
      }
    }
    if (failures.isEmpty()) {
      send(ctx, 200, Map.of("status", "ready", "indexes", new TreeSet<>(indexes.all().stream().map(ServedIndex::name).toList())));
    } else {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("error", "an index cannot be read");
      out.put("indexes", failures);
      send(ctx, 503, out);
    }
  }

  private void send(Context ctx, int status, Object body) throws IOException {
    ctx.status(status).contentType("application/json").result(json.writeValueAsBytes(body));
  }
}
