package dev.loupe.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.engine.Loupe;
import dev.loupe.engine.feedback.FeedbackRecorder;
import dev.loupe.engine.feedback.JudgementLog;
import dev.loupe.engine.feedback.QueryKey;
import dev.loupe.image.ImageDecodeException;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /feedback}: one judged pair, {@code item} good or not ({@code good}) for a query: a multipart upload of
 * the query image (part {@code image}, fields {@code item} and {@code good}), or JSON {@code {"id", "item", "good"}}
 * for a "more like this" query of an indexed item. Recorded in the index's judgement log for
 * {@code loupe learn-ranking}; the answer says how many were recorded and refused (a full log refuses). Searches
 * with {@code like}/{@code unlike} are recorded the same way ({@link SearchEndpoint}).
 *
 * <p>Open to whoever may search: a judgement changes no answer until someone runs {@code loupe learn-ranking}, whose
 * weights are kept only if they beat the current setting on held-out judgements; the log is bounded.
 */
final class FeedbackEndpoint {
  static final Set<String> FIELDS = Set.of("id", "item", "good");

  private final Indexes indexes;
  private final InferenceGate gate;
  private final ObjectMapper json;
  private final UploadReader uploads;
  private final ServerOptions options;

  FeedbackEndpoint(Indexes indexes, InferenceGate gate, ObjectMapper json, ServerOptions options) {
    this.indexes = indexes;
    this.gate = gate;
    this.json = json;
    this.options = options;
    this.uploads = new UploadReader(options);
  }

  void handle(Context ctx) throws Exception {
    ServedIndex index = indexes.get(ctx.queryParam("index"));
    Loupe loupe = index.loupe();
    JudgementLog.Appended appended;
    if (ctx.isMultipart()) {
      List<UploadedFile> files = ctx.uploadedFiles("image");
      if (files.size() != 1) throw ApiError.of(400, "a multipart feedback needs exactly one part named 'image', got " + files.size());
      byte[] bytes = uploads.read(files.get(0));
      Pair pair = pair(form(ctx.formParamMap()), false);
      appended = gate.run(() -> {
        try {
          return recorder(loupe).image(bytes, "upload", pair.liked(), pair.unliked());
        } catch (ImageDecodeException e) {
          throw UploadReader.refused(e, options);
        }
      });
    } else {
      JsonNode body;
      try {
        body = json.readTree(uploads.readBody(ctx));
      } catch (com.fasterxml.jackson.core.JacksonException e) {
        throw ApiError.of(400, "the body is not valid JSON: " + SearchEndpoint.firstLine(e.getOriginalMessage()));
      }
      Pair pair = pair(body, true);
      appended = recorder(loupe).item(pair.id(), pair.liked(), pair.unliked());
    }
    var answer = new java.util.LinkedHashMap<String, Integer>();
    answer.put("recorded", appended.recorded());
    answer.put("unchanged", appended.unchanged());
    answer.put("refused", appended.refused());
    ctx.contentType("application/json").result(json.writeValueAsBytes(answer));
  }

  /** Records a search's like/unlike on an uploaded or fetched image (its plain vector already computed). */
  void recordImage(Loupe loupe, byte[] bytes, float[] vector, SearchParams params) {
    var options = params.options();
    bestEffort(loupe, () -> loupe.judgements().append(dev.loupe.engine.feedback.Judgement.of(QueryKey.ofImage(bytes),
        vector, loupe.spec().embedder().name(), options.like(), options.unlike(), "server", Clock.systemUTC().instant())));
  }

  /** Records a "more like this" search's extra like/unlike (its first liked id is the query item itself). */
  void recordItem(Loupe loupe, SearchParams params) {
    List<String> liked = params.options().like().subList(1, params.options().like().size());
    if (liked.isEmpty() && params.options().unlike().isEmpty()) return;
    bestEffort(loupe, () -> recorder(loupe).item(params.id(), liked, params.options().unlike()));
  }

  private interface Write {
    Object run() throws IOException;
  }

  /**
   * A search answers even when its judgements cannot be written (a read-only index folder, a full disk): the
   * search is what was asked for, the recording a side effect. One line on stderr says why nothing was recorded.
   */
  private static void bestEffort(Loupe loupe, Write write) {
    try {
      write.run();
    } catch (IOException e) {
      System.err.println("loupe serve: judgements not recorded in " + loupe.directory() + ": " + e);
    }
  }

  private static FeedbackRecorder recorder(Loupe loupe) {
    return new FeedbackRecorder(loupe, "server", Clock.systemUTC());
  }

  private record Pair(String id, List<String> liked, List<String> unliked) {}

  private static Pair pair(JsonNode body, boolean needsId) {
    if (body == null || !body.isObject()) throw ApiError.of(400, "the request body must be a JSON object");
    for (var names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw ApiError.of(400, "unknown field '" + name + "'; known: " + String.join(", ", new java.util.TreeSet<>(FIELDS)));
      }
    }
    String id = text(body, "id");
    if (needsId && id == null) throw ApiError.of(400, "feedback in JSON needs 'id', the item the query was 'more like'");
    if (!needsId && id != null) throw ApiError.of(400, "an image feedback takes no 'id'; send one kind of query");
    String item = text(body, "item");
    if (item == null) throw ApiError.of(400, "feedback needs 'item', the judged item's id");
    if (!body.hasNonNull("good")) throw ApiError.of(400, "feedback needs 'good': true or false");
    boolean good = SearchParams.bool(body, "good");
    return new Pair(id, good ? List.of(item) : List.of(), good ? List.of() : List.of(item));
  }

  private static String text(JsonNode body, String name) {
    JsonNode n = body.get(name);
    if (n == null || n.isNull()) return null;
    if (!n.isTextual() || n.asText().isEmpty()) throw ApiError.of(400, name + " must be a non-empty string, got: " + n);
    return n.asText();
  }

  /** Form fields as a JSON object of strings; a field given twice is refused. */
  private JsonNode form(Map<String, List<String>> form) {
    var node = json.createObjectNode();
    form.forEach((key, values) -> {
      if (key.equals("image")) return;
      if (values.size() != 1) throw ApiError.of(400, "form field '" + key + "' is given " + values.size() + " times");
      node.put(key, values.getFirst());
    });
    return node;
  }
}
