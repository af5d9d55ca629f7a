package dev.loupe.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's answer to requests that never reach the API (a malformed request line, a bad percent-encoding, a header
 * too large), as the API's one JSON line instead of an HTML page, with no stack trace and no cause.
 */
final class JsonErrorHandler extends ErrorHandler {
  private static final HttpField JSON = new HttpField(HttpHeader.CONTENT_TYPE, "application/json");
  /** Jetty closes a connection after a request it could not parse: say so, or a client reuses it and loses its next request. */
  private static final HttpField CLOSE = new HttpField(HttpHeader.CONNECTION, "close");

  JsonErrorHandler() {
    setShowStacks(false);
    setShowCauses(false);
  }

  @Override
  protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
      Callback callback) {
    response.getHeaders().put(JSON);
    response.getHeaders().put(CLOSE);
    response.write(true, ByteBuffer.wrap(body(code, message)), callback);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(JSON);
    fields.put(CLOSE);
    return ByteBuffer.wrap(body(status, reason));
  }

  private static byte[] body(int code, String message) {
    String reason = message == null || message.isBlank() ? "request refused" : message;
    StringBuilder sb = new StringBuilder("{\"error\":\"");
    // The reason is Jetty's own short text; escape it anyway, it may echo the request.
    reason.codePoints().forEach(c -> {
      if (c == '"' || c == '\\') sb.append('\\').appendCodePoint(c);
      else if (c < 0x20 || c == 0x7F) sb.append(String.format("\\u%04x", c));
      else sb.appendCodePoint(c);
    });
    sb.append("\",\"status\":").append(code).append("}\n");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }
}
