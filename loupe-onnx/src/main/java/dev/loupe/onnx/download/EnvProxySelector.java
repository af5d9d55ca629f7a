package dev.loupe.onnx.download;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Proxies from the usual environment variables, as curl and pip read them: {@code HTTPS_PROXY} for https URLs,
 * {@code HTTP_PROXY} for http (lower-case names too, upper-case wins), and {@code NO_PROXY}, a comma list of
 * hosts or domain suffixes ({@code example.com}, {@code .example.com}) or {@code *}, that go direct. The JDK
 * itself reads only the {@code https.proxyHost} system properties, which users of a CLI do not set.
 */
public final class EnvProxySelector extends ProxySelector {
  private final Map<String, String> env;

  public EnvProxySelector(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  @Override
  public List<Proxy> select(URI uri) {
    String host = uri.getHost();
    if (host == null || bypass(host.toLowerCase(Locale.ROOT))) return List.of(Proxy.NO_PROXY);
    String value = "https".equalsIgnoreCase(uri.getScheme()) ? get("HTTPS_PROXY") : get("HTTP_PROXY");
    if (value == null || value.isBlank()) return List.of(Proxy.NO_PROXY);
    return List.of(new Proxy(Proxy.Type.HTTP, address(value.strip())));
  }

  @Override
  public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
    // Nothing to learn: there is only one proxy per scheme.
  }

  private String get(String name) {
    String upper = env.get(name);
    return upper != null ? upper : env.get(name.toLowerCase(Locale.ROOT));
  }

  private boolean bypass(String host) {
    String noProxy = get("NO_PROXY");
    if (noProxy == null) return false;
    for (String raw : noProxy.split(",")) {
      String entry = raw.strip().toLowerCase(Locale.ROOT);
      if (entry.isEmpty()) continue;
      if (entry.equals("*")) return true;
      String domain = entry.startsWith(".") ? entry.substring(1) : entry;
      if (host.equals(domain) || host.endsWith("." + domain)) return true;
    }
    return false;
  }

  /** {@code http://proxy:3128}, {@code proxy:3128} or {@code proxy} (port 80, curl's default). */
  private static InetSocketAddress address(String value) {
    URI proxy = URI.create(value.contains("://") ? value : "http://" + value);
    if (proxy.getHost() == null) throw new IllegalArgumentException("proxy setting is not a host[:port]: " + value);
    int port = proxy.getPort() > 0 ? proxy.getPort() : 80;
    return InetSocketAddress.createUnresolved(proxy.getHost(), port);
  }
}
