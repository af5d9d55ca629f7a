package dev.loupe.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The web page's files (docs/server.md, "Web page"): plain HTML, CSS and ES modules from the classpath folder
 * {@code dev/loupe/server/web/}, served at {@code /} and {@code /NAME}. The list is fixed here, so no request path
 * ever names a resource; the bytes are read once at start.
 *
 * <p>{@code Cache-Control: no-cache} with a content-hash {@code ETag}: the browser revalidates each load (a 304 when
 * nothing changed), so a new server version never runs with a stale script.
 */
final class WebPage {
  /** Served file name to content type. {@code index.html} is also {@code /}. */
  static final Map<String, String> FILES = files();

  private record File(byte[] bytes, String type, String etag) {}

  private final Map<String, File> files = new LinkedHashMap<>();

  private WebPage() {}

  private static Map<String, String> files() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("index.html", "text/html;charset=utf-8");
    m.put("app.css", "text/css;charset=utf-8");
    m.put("app.js", "text/javascript;charset=utf-8");
    m.put("api.js", "text/javascript;charset=utf-8");
    m.put("state.js", "text/javascript;charset=utf-8");
    m.put("render.js", "text/javascript;charset=utf-8");
    m.put("favicon.svg", "image/svg+xml");
    return m;
  }

  /** Reads every file of {@link #FILES}; a missing one is a packaging bug and fails the start. */
  static WebPage load() throws IOException {
    WebPage page = new WebPage();
    for (Map.Entry<String, String> e : FILES.entrySet()) {
      try (InputStream in = WebPage.class.getResourceAsStream("web/" + e.getKey())) {
        if (in == null) throw new IllegalStateException("missing resource web/" + e.getKey());
        byte[] bytes = in.readAllBytes();
        page.files.put(e.getKey(), new File(bytes, e.getValue(), "\"" + sha256(bytes).substring(0, 32) + "\""));
      }
    }
    return page;
  }

  /** Adds {@code GET /} and {@code GET /NAME} for each file. */
  void routes(RoutesConfig r) {
    r.get("/", ctx -> send(ctx, files.get("index.html")));
    for (Map.Entry<String, File> e : files.entrySet()) {
      File f = e.getValue();
      r.get("/" + e.getKey(), ctx -> send(ctx, f));
    }
  }

  private static void send(Context ctx, File f) {
    ctx.header("Cache-Control", "no-cache");
    ctx.header("ETag", f.etag());
    if (f.etag().equals(ctx.header("If-None-Match"))) {
      ctx.status(304);
      return;
    }
    ctx.contentType(f.type()).result(f.bytes());
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }
}
