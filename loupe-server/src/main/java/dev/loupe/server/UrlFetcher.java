package dev.loupe.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Fetches a query image by URL, for {@code {"url": ...}} searches: off unless the server was given an allow-list
 * of hosts ({@code --fetch-host}), because a server that fetches any URL a client names can be made to reach
 * what only it can reach (server-side request forgery: cloud metadata endpoints, admin pages on localhost).
 *
 * <p>Only {@code http} and {@code https} URLs whose host is on the list, written as it is listed (no user info);
 * redirects are not followed (a listed host could send the server anywhere); the answer must be 200 and is read
 * within the body bound and the request time bound.
 */
final class UrlFetcher implements AutoCloseable {
  private final Set<String> hosts;
  private final long maxBytes;
  private final Duration timeout;
  private final HttpClient http;

  UrlFetcher(Set<String> hosts, long maxBytes, Duration timeout) {
    this.hosts = new TreeSet<>();
    for (String h : hosts) this.hosts.add(h.toLowerCase(Locale.ROOT));
    this.maxBytes = maxBytes;
    this.timeout = timeout;
    this.http = hosts.isEmpty() ? null : HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(timeout).proxy(HttpClient.Builder.NO_PROXY).build();
  }

  /** The bytes at {@code url}; every refusal is a client error naming the reason. */
  byte[] fetch(String url) throws IOException, InterruptedException {
    if (http == null) {
      throw ApiError.of(400, "fetching images by URL is off; upload the image, or start the server with --fetch-host HOST");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw ApiError.of(400, "url is not a URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) throw ApiError.of(400, "url must be http or https, got: " + scheme);
    if (uri.getRawUserInfo() != null) throw ApiError.of(400, "url must not carry user information");
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    if (!hosts.contains(host)) {
      throw ApiError.bound(400, "fetch_hosts", String.join(",", hosts), "host '" + host + "' is not on the server's"
          + " list of hosts to fetch from (--fetch-host)");
    }
    HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = response.body()) {
      if (response.statusCode() != 200) {
        throw ApiError.of(400, "fetching the url answered " + response.statusCode() + " (redirects are not followed)");
      }
      if (response.headers().firstValueAsLong("Content-Length").orElse(0) > maxBytes) throw tooLarge();
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, maxBytes + 1));
      if (bytes.length > maxBytes) throw tooLarge();
      return bytes;
    }
  }

  private ApiError tooLarge() {
    return ApiError.bound(413, "max_body_bytes", maxBytes, "the image at the url is over the bound of " + maxBytes
        + " bytes (--max-body-bytes)");
  }

  @Override
  public void close() {
    if (http != null) http.close();
  }
}
