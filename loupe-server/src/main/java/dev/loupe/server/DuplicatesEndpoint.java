package dev.loupe.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.engine.query.Duplicates;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /duplicates?threshold=T[&neighbours=N]}: groups of near-duplicate items ({@link Duplicates}: each
 * item's neighbours scoring at least T, joined transitively). One search per item: refused over
 * {@code --max-duplicate-items}, and run in an inference slot so that it cannot starve searches.
 */
final class DuplicatesEndpoint {
  static final int MAX_NEIGHBOURS = 100;
  private final Indexes indexes;
  private final InferenceGate gate;
  private final ObjectMapper json;
  private final ServerOptions options;

  DuplicatesEndpoint(Indexes indexes, InferenceGate gate, ObjectMapper json, ServerOptions options) {
    this.indexes = indexes;
    this.gate = gate;
    this.json = json;
    this.options = options;
  }

  void handle(Context ctx) throws Exception {
    ServedIndex index = indexes.get(ctx.queryParam("index"));
    float threshold = number(ctx.queryParam("threshold"), "threshold", Float.NaN);
    if (Float.isNaN(threshold)) throw ApiError.of(400, "give ?threshold=T, the lowest score of two near-duplicates (e.g. 0.95 for cosine)");
    int neighbours = (int) number(ctx.queryParam("neighbours"), "neighbours", 10);
    if (neighbours < 1 || neighbours > MAX_NEIGHBOURS || neighbours != Math.floor(neighbours)) {
      throw ApiError.bound(400, "max_neighbours", MAX_NEIGHBOURS, "neighbours must be an integer in 1.." + MAX_NEIGHBOURS);
    }
    int size = index.loupe().store().size();
    if (size > options.maxDuplicateItems()) {
      throw ApiError.bound(413, "max_duplicate_items", options.maxDuplicateItems(), "index '" + index.name() + "' holds "
          + size + " items, over the bound of " + options.maxDuplicateItems() + " for /duplicates (--max-duplicate-items)");
    }
    List<Duplicates.Group> groups = gate.run(() ->
        Duplicates.find(index.loupe().store(), threshold, neighbours, options.maxDuplicateItems()));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("index", index.name());
    out.put("threshold", threshold);
    out.put("groups", groups);
    ctx.contentType("application/json").result(json.writeValueAsBytes(out));
  }

  private static float number(String value, String name, float otherwise) {
    if (value == null) return otherwise;
    try {
      float f = Float.parseFloat(value);
      if (!Float.isFinite(f)) throw new NumberFormatException();
      return f;
    } catch (NumberFormatException e) {
      throw ApiError.of(400, name + " must be a number, got: " + value);
    }
  }
}
