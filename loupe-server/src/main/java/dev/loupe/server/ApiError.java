package dev.loupe.server;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request the server refuses or cannot answer, sent to the client as one JSON line
 * {@code {"error": "...", "bound": "...", ...}} with its HTTP status; never a stack trace.
 *
 * @see ErrorResponses
 */
final class ApiError extends RuntimeException {
  private final int status;
  private final Map<String, Object> fields;
  private final Map<String, String> headers;

  private ApiError(int status, String message, Map<String, Object> fields, Map<String, String> headers) {
    super(message, null, false, false); // no stack trace: this is an answer, not a fault
    this.status = status;
    this.fields = fields;
    this.headers = headers;
  }

  static ApiError of(int status, String message) {
    return new ApiError(status, message, Map.of(), Map.of());
  }

  /** A request over one of the server's bounds: the JSON names the bound (its option) and its value. */
  static ApiError bound(int status, String bound, Object limit, String message) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("bound", bound);
    f.put("limit", limit);
    return new ApiError(status, message, f, Map.of());
  }

  ApiError withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new ApiError(status, getMessage(), fields, h);
  }

  int status() {
    return status;
  }

  Map<String, Object> fields() {
    return fields;
  }

  Map<String, String> headers() {
    return headers;
  }
}
