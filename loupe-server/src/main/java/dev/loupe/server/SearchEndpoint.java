package dev.loupe.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.core.image.RgbImage;
import dev.loupe.core.query.Hit;
import dev.loupe.engine.Loupe;
import dev.loupe.engine.query.HitJson;
import dev.loupe.engine.query.MixedQuery;
import dev.loupe.image.ImageDecodeException;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /search}: a multipart upload (part {@code image}, parameters as form fields), or a JSON body with a
 * {@code text}, an {@code id} ("more like this") or {@code like}/{@code unlike} ids. Every kind goes through the
 * {@link Loupe} facade's query path, as {@code loupe search} does, and the answer is {@link HitJson}'s
 * {@code {"query", "hits"}}, the CLI's {@code --format jsonl} line byte for byte. An image or {@code id} search with
 * {@code like}/{@code unlike} records them as judgements of the index ({@link FeedbackEndpoint}), unless
 * {@code record} is false; an image search applies the index's learned ranking, as the CLI does.
 */
final class SearchEndpoint {
  private final Indexes indexes;
  private final InferenceGate gate;
  private final ServerMetrics metrics;
  private final ObjectMapper json;
  private final ServerOptions options;
  private final UploadReader uploads;
  private final UrlFetcher fetcher;
  private final FeedbackEndpoint feedback;

  SearchEndpoint(Indexes indexes, InferenceGate gate, ServerMetrics metrics, ObjectMapper json, ServerOptions options,
      UrlFetcher fetcher) {
    this.indexes = indexes;
    this.gate = gate;
    this.metrics = metrics;
    this.json = json;
    this.options = options;
    this.uploads = new UploadReader(options);
    this.fetcher = fetcher;
    this.feedback = new FeedbackEndpoint(indexes, gate, json, options);
  }

  FeedbackEndpoint feedback() {
    return feedback;
  }

  void handle(Context ctx) throws Exception {
    ServedIndex index = indexes.get(ctx.queryParam("index"));
    HitJson.QueryResult result;
    if (ctx.isMultipart()) {
      result = uploaded(ctx, index);
    } else if (isJson(ctx)) {
      result = described(ctx, index);
    } else {
      throw ApiError.of(415, "POST /search takes multipart/form-data (an image) or application/json, got: "
          + ctx.contentType());
    }
    ctx.contentType("application/json").result(json.writeValueAsBytes(result));
  }

  /** An uploaded image (part {@code image}), its parameters as form fields. */
  private HitJson.QueryResult uploaded(Context ctx, ServedIndex index) throws Exception {
    List<UploadedFile> files = ctx.uploadedFiles("image");
    if (files.size() != 1) throw ApiError.of(400, "a multipart search needs exactly one part named 'image', got " + files.size());
    UploadedFile file = files.get(0);
    byte[] bytes = uploads.read(file);
    SearchParams params = SearchParams.parse(formFields(ctx.formParamMap()), options.maxK());
    if (params.text() != null || params.id() != null || params.url() != null) {
      throw ApiError.of(400, "an image search takes no 'text', 'id' or 'url'; send one kind of query");
    }
    String name = file.filename() == null || file.filename().isEmpty() ? "upload" : file.filename();
    return gate.run(() -> new HitJson.QueryResult(name, searchImage(index, bytes, name, params)));
  }

  /** A query described in JSON: a text, an item id, an image URL, or feedback ids alone. */
  private HitJson.QueryResult described(Context ctx, ServedIndex index) throws Exception {
    JsonNode body;
    try {
      body = json.readTree(uploads.readBody(ctx));
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw ApiError.of(400, "the body is not valid JSON: " + firstLine(e.getOriginalMessage()));
    }
    SearchParams params = SearchParams.parse(body, options.maxK());
    int kinds = (params.text() != null ? 1 : 0) + (params.id() != null ? 1 : 0) + (params.url() != null ? 1 : 0);
    if (kinds > 1) throw ApiError.of(400, "give one of 'text', 'id' or 'url', not several");
    if (params.url() != null) {
      byte[] fetched = fetcher.fetch(params.url()); // outside the gate: a slow host holds no inference slot
      return gate.run(() -> new HitJson.QueryResult(params.url(), searchImage(index, fetched, params.url(), params)));
    }
    if (params.text() != null) return gate.run(() -> new HitJson.QueryResult(params.text(), searchText(index, params)));
    if (!params.options().hasFeedback()) {
      throw ApiError.of(400, "a search needs an image upload, 'text', 'id', 'url', or 'like' item ids");
    }
    return gate.run(() -> {
      List<Hit> hits = index.loupe().search((RgbImage) null, params.request(), params.options());
      if (params.id() != null && params.record()) feedback.recordItem(index.loupe(), params); // after a valid search
      return new HitJson.QueryResult(label(params), hits);
    });
  }

  /** The facade's image path, split only to time the embedding: the same two calls {@code Loupe.search} makes. */
  private List<Hit> searchImage(ServedIndex index, byte[] bytes, String name, SearchParams params) throws IOException {
    Loupe loupe = index.loupe();
    RgbImage image;
    try {
      image = loupe.decode(bytes, name);
    } catch (ImageDecodeException e) {
      throw UploadReader.refused(e, options);
    }
    long start = System.nanoTime();
    List<float[]> vectors = loupe.queries().embed(image, params.options());
    metrics.embedded(index.name(), (System.nanoTime() - start) / 1e9);
    List<Hit> hits = loupe.learnedSearch().search(vectors, params.request(), params.options());
    if (params.options().hasFeedback() && params.record()) {
      boolean plain = params.options().tta() == 0 && params.options().crops() == 1;
      feedback.recordImage(loupe, bytes, plain ? vectors.getFirst() : loupe.embed(image), params);
    }
    return hits;
  }

  /** As {@code loupe search --text}: a plain text, or rclip's arithmetic ("sneakers -white"). */
  private static List<Hit> searchText(ServedIndex index, SearchParams params) throws IOException {
    Loupe loupe = index.loupe();
    if (!index.answersText()) {
      throw ApiError.of(400, "index '" + index.name() + "' does not answer text: its model ("
          + loupe.spec().embedder().name() + ") has no text tower, and none was trained for it (loupe train-text)");
    }
    MixedQuery query = MixedQuery.parse(params.text());
    if (query.plain()) return loupe.searchText(params.text(), params.request(), params.options());
    try {
      return loupe.searchMixed(query, null, 0, params.request(), params.options());
    } catch (ImageDecodeException impossible) {
      throw new IllegalStateException("no image was given", impossible); // a text-only mixed query decodes nothing
    }
  }

  /** The query's name in the answer, as the CLI names a feedback-only query ({@code like:a,b}). */
  private static String label(SearchParams params) {
    if (params.id() != null) return "id:" + params.id();
    return "like:" + String.join(",", params.options().like());
  }

  /** Form fields as the JSON object {@link SearchParams} reads; repeated {@code filter=F=V} become filters. */
  private ObjectNode formFields(Map<String, List<String>> form) {
    ObjectNode node = json.createObjectNode();
    for (Map.Entry<String, List<String>> e : form.entrySet()) {
      String key = e.getKey();
      List<String> values = e.getValue();
      if (key.equals("image")) continue; // the upload itself
      if (key.equals("filter")) {
        ObjectNode filters = node.putObject("filters");
        for (String v : values) {
          int eq = v.indexOf('=');
          if (eq <= 0) throw ApiError.of(400, "filter needs FIELD=VALUE, got: " + v);
          filters.put(v.substring(0, eq), v.substring(eq + 1));
        }
      } else if (key.equals("like") || key.equals("unlike")) {
        ArrayNode ids = node.putArray(key);
        values.forEach(ids::add);
      } else if (values.size() != 1) {
        throw ApiError.of(400, "form field '" + key + "' is given " + values.size() + " times");
      } else {
        node.put(key, values.get(0));
      }
    }
    return node;
  }

  private static boolean isJson(Context ctx) {
    String type = ctx.contentType();
    return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json");
  }

  static String firstLine(String message) {
    if (message == null) return "";
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
