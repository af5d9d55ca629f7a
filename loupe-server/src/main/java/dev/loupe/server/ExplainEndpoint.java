package dev.loupe.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.core.explain.ContributionGrid;
import dev.loupe.core.explain.ExplainUnavailableException;
import dev.loupe.core.explain.SpatialFeatures;
import dev.loupe.core.image.RgbImage;
import dev.loupe.core.index.Item;
import dev.loupe.engine.Loupe;
import dev.loupe.engine.explain.Explainer;
import dev.loupe.engine.explain.Explanation;
import dev.loupe.engine.explain.HeatMapPng;
import dev.loupe.image.ImageDecodeException;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Why did this match: {@code GET /explain?query=ID&hit=ID} (two indexed items) and {@code POST /explain} (an
 * uploaded query image, part {@code image}, and the form field {@code hit}). The answer is the heat map of one
 * side as a PNG ({@code format=png}, the default: the picture fitted into a {@code size} square, at most
 * --max-thumbnail-size, with the contributions drawn over it) or both grids as JSON ({@code format=json}). Item
 * pixels are read from their files checked against the indexed content hash, as {@code /items/{id}/image} does;
 * the work holds an inference slot.
 */
final class ExplainEndpoint {
  /** The PNG's box when no size is asked for: a thumbnail a page shows beside its hit. */
  static final int DEFAULT_SIZE = 256;

  private final Indexes indexes;
  private final InferenceGate gate;
  private final ObjectMapper json;
  private final ServerOptions options;
  private final UploadReader uploads;

  ExplainEndpoint(Indexes indexes, InferenceGate gate, ObjectMapper json, ServerOptions options) {
    this.indexes = indexes;
    this.gate = gate;
    this.json = json;
    this.options = options;
    this.uploads = new UploadReader(options);
  }

  /** Both sides are indexed items. */
  void get(Context ctx) throws Exception {
    ServedIndex index = indexes.get(ctx.queryParam("index"));
    Params p = Params.of(ctx.queryParam("hit"), ctx.queryParam("side"), ctx.queryParam("size"),
        ctx.queryParam("format"), options.maxThumbnailSize());
    String queryId = ctx.queryParam("query");
    if (queryId == null || queryId.isEmpty()) throw ApiError.of(400, "give the query item's id as 'query'");
    Item query = item(index, queryId);
    Item hit = item(index, p.hit());
    answer(ctx, gate.run(() -> explain(index, decode(index, query), query.id(), hit, p)), p);
  }

  /** The query is an uploaded image. */
  void post(Context ctx) throws Exception {
    ServedIndex index = indexes.get(ctx.queryParam("index"));
    if (!ctx.isMultipart()) {
      throw ApiError.of(415, "POST /explain takes multipart/form-data: the query image as part 'image' and the"
          + " field 'hit'");
    }
    List<UploadedFile> files = ctx.uploadedFiles("image");
    if (files.size() != 1) throw ApiError.of(400, "POST /explain needs exactly one part named 'image', got " + files.size());
    byte[] bytes = uploads.read(files.get(0));
    Params p = Params.of(ctx.formParam("hit"), ctx.formParam("side"), ctx.formParam("size"), ctx.formParam("format"),
        options.maxThumbnailSize());
    Item hit = item(index, p.hit());
    answer(ctx, gate.run(() -> {
      RgbImage image;
      try {
        image = index.loupe().decode(bytes, "upload");
      } catch (ImageDecodeException e) {
        throw UploadReader.refused(e, options);
      }
      return explain(index, image, "upload", hit, p);
    }), p);
  }

  /** What one request computes: the explanation, and the picture of the side to draw (null for JSON). */
  private record Result(String queryLabel, Explanation explanation, RgbImage picture) {}

  private Result explain(ServedIndex index, RgbImage queryImage, String queryLabel, Item hit, Params p)
      throws IOException {
    Explainer explainer;
    try {
      explainer = index.explainer();
    } catch (ExplainUnavailableException e) {
      throw ApiError.of(400, "index '" + index.name() + "' cannot explain matches: " + e.getMessage());
    }
    RgbImage hitImage = decode(index, hit);
    SpatialFeatures queryMap = explainer.query(queryImage);
    Explanation e = explainer.explain(queryMap, hit.id(), hitImage);
    RgbImage picture = p.png() ? (p.side().equals("query") ? queryImage : hitImage) : null;
    return new Result(queryLabel, e, picture);
  }

  private void answer(Context ctx, Result r, Params p) throws IOException {
    Explanation e = r.explanation();
    if (!p.png()) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("query", r.queryLabel());
      out.put("hit", e.hitId());
      out.put("score", e.score());
      out.put("hitGrid", grid(e.hit()));
      out.put("queryGrid", grid(e.query()));
      ctx.contentType("application/json").result(json.writeValueAsBytes(out));
      return;
    }
    ContributionGrid grid = p.side().equals("query") ? e.query() : e.hit();
    ctx.header("X-Loupe-Score", Double.toString(e.score()));
    ctx.contentType("image/png").result(HeatMapPng.render(r.picture(), grid, p.size()));
  }

  /** The grid as JSON: rows, columns, row-major values, and the part of the picture it covers (fractions). */
  static Map<String, Object> grid(ContributionGrid g) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("rows", g.height());
    out.put("columns", g.width());
    out.put("values", g.values());
    out.put("seen", Map.of("x", g.seen().x(), "y", g.seen().y(), "width", g.seen().width(), "height", g.seen().height()));
    return out;
  }

  private static Item item(ServedIndex index, String id) throws IOException {
    return index.loupe().store().get(id)
        .orElseThrow(() -> ApiError.of(404, "no item with id '" + id + "' in index '" + index.name() + "'"));
  }

  /** An item's pixels from its verified file; a file gone or changed is a 404 naming the item. */
  private static RgbImage decode(ServedIndex index, Item item) {
    byte[] bytes = ItemFile.read(item);
    Loupe loupe = index.loupe();
    try {
      return loupe.decode(bytes, item.path());
    } catch (ImageDecodeException e) {
      throw ApiError.of(404, "item '" + item.id() + "' cannot be explained: " + e.reason());
    }
  }

  /**
   * The request's choices, checked.
   *
   * @param hit the hit's item id
   * @param side {@code hit} (its regions against the query) or {@code query} (the query's against the hit)
   * @param size the PNG's box, 16..--max-thumbnail-size
   * @param png PNG (true) or JSON
   */
  record Params(String hit, String side, int size, boolean png) {
    static Params of(String hit, String side, String size, String format, int maxSize) {
      if (hit == null || hit.isEmpty()) throw ApiError.of(400, "give the hit's item id as 'hit'");
      String s = side == null ? "hit" : side;
      if (!s.equals("hit") && !s.equals("query")) throw ApiError.of(400, "side must be hit or query, got: " + side);
      String f = format == null ? "png" : format;
      if (!f.equals("png") && !f.equals("json")) throw ApiError.of(400, "format must be png or json, got: " + format);
      int box = DEFAULT_SIZE;
      if (size != null) {
        try {
          box = Integer.parseInt(size);
        } catch (NumberFormatException e) {
          throw ApiError.of(400, "size must be an integer, got: " + size);
        }
      }
      if (box < 16 || box > maxSize) {
        throw ApiError.bound(400, "max_thumbnail_size", maxSize,
            "size must be in 16.." + maxSize + " (--max-thumbnail-size), got: " + box);
      }
      return new Params(hit, s, box, f.equals("png"));
    }
  }
}
