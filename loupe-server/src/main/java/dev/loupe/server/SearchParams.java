package dev.loupe.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.core.query.Metric;
import dev.loupe.core.query.SearchRequest;
import dev.loupe.engine.query.QueryOptions;
import dev.loupe.image.MultiCrop;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parameters of {@code POST /search}, read from a JSON object (a JSON body, or a multipart upload's form
 * fields gathered into one): what to search with ({@code text}, {@code id}, or {@code like}/{@code unlike}
 * alone; an upload brings the image), and how ({@code k}, {@code metric}, {@code exact}, {@code min_score},
 * {@code filters}, the levers {@code tta}, {@code crops}, {@code qe}, {@code qe_alpha}, {@code rerank}). An unknown field is
 * refused by name: a typo ({@code "min-score"}) silently ignored would answer another question.
 *
 * @param text a text query (rclip's arithmetic allowed), or null
 * @param id an item id: "more like this", or null
 * @param url where to fetch the query image (only from the server's --fetch-host list), or null
 * @param record whether {@code like}/{@code unlike} on a query image or an {@code id} are recorded as judgements of
 *     the index (field {@code record}, default true)
 */
record SearchParams(String text, String id, String url, SearchRequest request, QueryOptions options, boolean record) {
  /** Bounds a text query: longer texts are cut by the tower anyway, and this keeps tokenising cheap. */
  static final int MAX_TEXT_CHARS = 1000;
  /** Bounds query expansion and feedback lists: each id is one stored-vector read. */
  static final int MAX_IDS = 100;

  static final Set<String> FIELDS = Set.of("text", "id", "url", "like", "unlike", "k", "metric", "exact", "min_score",
      "filters", "tta", "crops", "qe", "qe_alpha", "record", "rerank");

  static SearchParams parse(JsonNode json, int maxK) {
    if (json == null || !json.isObject()) throw bad("the request body must be a JSON object");
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) throw bad("unknown field '" + name + "'; known: " + String.join(", ", new java.util.TreeSet<>(FIELDS)));
    }
    String text = string(json, "text");
    if (text != null) {
      if (text.isBlank()) throw bad("a text query needs some words, got an empty text");
      if (text.length() > MAX_TEXT_CHARS) {
        throw ApiError.bound(400, "max_text_chars", MAX_TEXT_CHARS, "text is " + text.length() + " characters, over the bound of " + MAX_TEXT_CHARS);
      }
    }
    String url = string(json, "url");
    if (url != null && url.length() > 2048) throw bad("url is longer than 2048 characters");
    String id = string(json, "id");
    if (id != null && id.isEmpty()) throw bad("id must not be empty");
    int k = integer(json, "k", 10);
    if (k < 1 || k > maxK) throw ApiError.bound(400, "max_k", maxK, "k must be in 1.." + maxK + " (--max-k), got: " + k);
    Metric metric = null;
    String m = string(json, "metric");
    if (m != null) {
      try {
        metric = Metric.parse(m);
      } catch (IllegalArgumentException e) {
        throw bad(e.getMessage());
      }
    }
    boolean exact = bool(json, "exact");
    float minScore = Float.NEGATIVE_INFINITY;
    if (json.hasNonNull("min_score")) {
      double s = number(json, "min_score");
      if (!Double.isFinite(s)) throw bad("min_score must be a finite number, got: " + s);
      minScore = (float) s;
    }
    Map<String, String> filters = new LinkedHashMap<>();
    JsonNode f = json.get("filters");
    if (f != null && !f.isNull()) {
      if (!f.isObject()) throw bad("filters must be an object of FIELD: VALUE, got: " + f);
      for (Iterator<Map.Entry<String, JsonNode>> it = f.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isTextual()) throw bad("filter '" + e.getKey() + "' must be a string, got: " + e.getValue());
        filters.put(e.getKey(), e.getValue().asText());
      }
    }
    int tta = integer(json, "tta", 0);
    if (tta < 0 || tta > 64) throw bad("tta must be in 0..64, got: " + tta);
    int crops = integer(json, "crops", 1);
    if (!MultiCrop.isValidCount(crops)) throw bad("crops must be in 1.." + MultiCrop.MAX_CROPS + ", got: " + crops);
    int qe = integer(json, "qe", 0);
    if (qe < 0 || qe > maxK) throw ApiError.bound(400, "max_k", maxK, "qe must be in 0.." + maxK + ", got: " + qe);
    double qeAlpha = json.hasNonNull("qe_alpha") ? number(json, "qe_alpha") : 3.0;
    if (!Double.isFinite(qeAlpha) || qeAlpha < 0) throw bad("qe_alpha must be a number of at least 0, got: " + qeAlpha);
    int rerank = integer(json, "rerank", 0);
    if (rerank < 0 || rerank > QueryOptions.MAX_RERANK) {
      throw bad("rerank must be in 0.." + QueryOptions.MAX_RERANK + ", got: " + rerank);
    }
    if (rerank > 0 && text != null) throw bad("rerank re-ranks image and like queries, not text");
    List<String> like = strings(json, "like");
    List<String> unlike = strings(json, "unlike");
    if (id != null) like.add(0, id); // "more like this" is feedback with one liked item: the same query path
    SearchRequest request = new SearchRequest(k, metric, exact, minScore, filters);
    boolean record = !json.hasNonNull("record") || bool(json, "record");
    return new SearchParams(text, id, url, request, new QueryOptions(tta, crops, qe, qeAlpha, like, unlike).withRerank(rerank), record);
  }

  private static ApiError bad(String message) {
    return ApiError.of(400, message);
  }

  private static String string(JsonNode json, String name) {
    JsonNode n = json.get(name);
    if (n == null || n.isNull()) return null;
    if (!n.isTextual()) throw bad(name + " must be a string, got: " + n);
    return n.asText();
  }

  private static int integer(JsonNode json, String name, int otherwise) {
    JsonNode n = json.get(name);
    if (n == null || n.isNull()) return otherwise;
    if (n.isTextual()) {
      try {
        return Integer.parseInt(n.asText().trim());
      } catch (NumberFormatException e) {
        throw bad(name + " must be an integer, got: " + n);
      }
    }
    if (!n.isIntegralNumber() || !n.canConvertToInt()) throw bad(name + " must be an integer, got: " + n);
    return n.asInt();
  }

  private static double number(JsonNode json, String name) {
    JsonNode n = json.get(name);
    if (n.isTextual()) {
      try {
        return Double.parseDouble(n.asText().trim());
      } catch (NumberFormatException e) {
        throw bad(name + " must be a number, got: " + n);
      }
    }
    if (!n.isNumber()) throw bad(name + " must be a number, got: " + n);
    return n.asDouble();
  }

  static boolean bool(JsonNode json, String name) {
    JsonNode n = json.get(name);
    if (n == null || n.isNull()) return false;
    if (n.isBoolean()) return n.asBoolean();
    if (n.isTextual() && (n.asText().equals("true") || n.asText().equals("false"))) return n.asText().equals("true");
    throw bad(name + " must be true or false, got: " + n);
  }

  private static List<String> strings(JsonNode json, String name) {
    List<String> out = new ArrayList<>();
    JsonNode n = json.get(name);
    if (n == null || n.isNull()) return out;
    if (n.isTextual()) {
      out.add(n.asText());
    } else if (n.isArray()) {
      for (JsonNode e : n) {
        if (!e.isTextual() || e.asText().isEmpty()) throw bad(name + " must be a list of item ids, got: " + n);
        out.add(e.asText());
      }
    } else {
      throw bad(name + " must be a list of item ids, got: " + n);
    }
    if (out.size() > MAX_IDS) throw ApiError.bound(400, "max_ids", MAX_IDS, name + " lists " + out.size() + " ids, over the bound of " + MAX_IDS);
    return out;
  }
}
