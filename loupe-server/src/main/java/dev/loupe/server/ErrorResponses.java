package dev.loupe.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every failure as one JSON line {@code {"error": "...", ...}} with its status, never a stack trace: an
 * {@link ApiError} as it says; Javalin's own refusals (no such route, body over the size bound) with their
 * status; a caller's mistake the engine refuses ({@link IllegalArgumentException}, e.g. an unknown liked id) as
 * 400; anything else as 500 with a generic message, its trace only on the server's stderr.
 */
final class ErrorResponses {
  private final ObjectMapper json;
  private final PrintStream log;
  private final ServerOptions options;

  ErrorResponses(ObjectMapper json, PrintStream log, ServerOptions options) {
    this.json = json;
    this.log = log;
    this.options = options;
  }

  void api(ApiError e, Context ctx) {
    e.headers().forEach(ctx::header);
    send(ctx, e.status(), e.getMessage(), e.fields());
  }

  void javalin(HttpResponseException e, Context ctx) {
    int status = e.getStatus();
    if (status == 413) {
      send(ctx, 413, "the request body is over the bound of " + options.maxBodyBytes() + " bytes (--max-body-bytes)",
          Map.of("bound", "max_body_bytes", "limit", options.maxBodyBytes()));
    } else if (status == 404) {
      send(ctx, 404, "no such endpoint: " + ctx.method() + " " + ctx.path() + " (see /openapi.json)", Map.of());
    } else {
      send(ctx, status, e.getMessage() == null || e.getMessage().isEmpty() ? "request refused" : e.getMessage(), Map.of());
    }
  }

  void badRequest(IllegalArgumentException e, Context ctx) {
    send(ctx, 400, e.getMessage() == null ? "bad request" : SearchEndpoint.firstLine(e.getMessage()), Map.of());
  }

  void unexpected(Exception e, Context ctx) {
    // A multipart body over the bound surfaces as Jetty's own exception, deep in the cause chain.
    // A multipart body over the bound surfaces as Jetty's own exception, deep in the cause chain.
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
      if (m.contains("max file size") || m.contains("max request size") || m.contains("too large")
          || (t instanceof org.eclipse.jetty.http.HttpException h && h.getCode() == 413)) {
        send(ctx, 413, "the request body is over the bound of " + options.maxBodyBytes() + " bytes (--max-body-bytes)",
            Map.of("bound", "max_body_bytes", "limit", options.maxBodyBytes()));
        return;
      }
      if (t instanceof java.util.concurrent.TimeoutException) {
        send(ctx, 408, "the request body did not arrive in time (--request-timeout)",
            Map.of("bound", "request_timeout", "limit", options.requestTimeout().toSeconds() + "s"));
        return;
      }
    }
    // Jetty's other refusals (a malformed multipart body, a bad header) carry their status: the client's fault.
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof org.eclipse.jetty.http.HttpException http && http.getCode() < 500) {
        send(ctx, http.getCode(), "bad request: " + (http.getReason() == null ? "malformed" : http.getReason()), Map.of());
        return;
      }
      if (t instanceof org.eclipse.jetty.io.EofException) {
        send(ctx, 400, "the request body ended early", Map.of());
        return;
      }
    }
    log.println("loupe: error: " + ctx.method() + " " + ctx.path() + ": " + e);
    e.printStackTrace(log);
    send(ctx, 500, "internal error (the server's log has the details)", Map.of());
  }

  /**
   * The body of a refused request may be unread or half parsed: the connection cannot carry another request. Tell
   * the client so (it must not send its next request on it), after reading what is left of a small body — closing
   * a socket with unread bytes resets it, and the client could lose this very answer.
   */
  private static void endConnection(Context ctx) {
    ctx.header("Connection", "close");
    if (ctx.req().getContentLengthLong() > DRAIN_BYTES) return; // a client sending that much should expect 100
    try (java.io.InputStream in = ctx.req().getInputStream()) {
      byte[] buf = new byte[8192];
      long left = DRAIN_BYTES;
      for (int n; left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0; ) left -= n;
    } catch (java.io.IOException | RuntimeException e) {
      // Already read, or the client went away: nothing left to drain.
    }
  }

  private static final long DRAIN_BYTES = 64 * 1024;

  private void send(Context ctx, int status, String message, Map<String, Object> fields) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message);
    body.putAll(fields);
    if (ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null) endConnection(ctx);
    try {
      ctx.status(status).contentType("application/json").result(json.writeValueAsBytes(body));
    } catch (JsonProcessingException impossible) {
      ctx.status(status).contentType("application/json").result("{\"error\":\"internal error\"}");
    }
  }
}
