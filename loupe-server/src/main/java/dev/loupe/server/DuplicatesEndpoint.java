package dev.loupe.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.core.index.IndexSpec;
import dev.loupe.engine.dedup.DedupOptions;
import dev.loupe.engine.dedup.DedupResult;
import dev.loupe.engine.dedup.DefaultThresholds;
import dev.loupe.engine.dedup.DuplicateGroup;
import dev.loupe.engine.dedup.Duplicates;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /duplicates[?threshold=T][&neighbours=N][&exactOnly=true]}: the groups of {@code loupe dedup}
 * ({@link Duplicates}: exact copies and near-duplicates, best copy first), as its {@code --format json} document
 * plus the index name; without a threshold, the measured default of the index's model ({@link DefaultThresholds}). One search per item: refused over
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
    boolean exactOnly = "true".equals(ctx.queryParam("exactOnly"));
    if (ctx.queryParam("exactOnly") != null && !exactOnly && !"false".equals(ctx.queryParam("exactOnly"))) {
      throw ApiError.of(400, "exactOnly must be true or false, got: " + ctx.queryParam("exactOnly"));
    }
    float given = number(ctx.queryParam("threshold"), "threshold", Float.NaN);
    if (exactOnly && !Float.isNaN(given)) throw ApiError.of(400, "exactOnly=true takes no threshold");
    IndexSpec indexSpec = index.loupe().store().spec();
    boolean centred = DefaultThresholds.centred(index.loupe().store());
    Float threshold = exactOnly ? null : !Float.isNaN(given) ? Float.valueOf(given)
        : DefaultThresholds.forStore(index.loupe().store()).orElseThrow(() -> ApiError.of(400, "no measured default"
            + " threshold for model " + indexSpec.embedder().name() + " with " + indexSpec.metric().label()
            + (centred ? " and centring" : "") + "; give ?threshold=T"));
    int neighbours = (int) number(ctx.queryParam("neighbours"), "neighbours", 10);
    if (neighbours < 1 || neighbours > MAX_NEIGHBOURS || neighbours != Math.floor(neighbours)) {
      throw ApiError.bound(400, "max_neighbours", MAX_NEIGHBOURS, "neighbours must be an integer in 1.." + MAX_NEIGHBOURS);
    }
    int size = index.loupe().store().size();
    if (size > options.maxDuplicateItems()) {
      throw ApiError.bound(413, "max_duplicate_items", options.maxDuplicateItems(), "index '" + index.name() + "' holds "
          + size + " items, over the bound of " + options.maxDuplicateItems() + " for /duplicates (--max-duplicate-items)");
    }
    DedupOptions dedup = new DedupOptions(threshold == null ? Float.NaN : threshold, neighbours,
        options.maxDuplicateItems(), exactOnly);
    List<DuplicateGroup> groups = gate.run(() -> Duplicates.find(index.loupe().store(), dedup));
    DedupResult result = DedupResult.of(threshold, exactOnly ? null : Float.isNaN(given) ? "default" : "option",
        exactOnly, groups);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("index", index.name());
    out.putAll(json.convertValue(result, Map.class));
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
