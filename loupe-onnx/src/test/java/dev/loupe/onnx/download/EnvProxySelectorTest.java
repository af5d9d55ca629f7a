package dev.loupe.onnx.download;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvProxySelectorTest {
  static Proxy http(String host, int port) {
    return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(host, port));
  }

  @Test
  void schemePicksTheVariableAndNoProxyBypasses() {
    var selector = new EnvProxySelector(Map.of("HTTPS_PROXY", "http://secure:3128", "http_proxy", "plain",
        "NO_PROXY", "localhost, .internal.example,corp.example"));
    assertEquals(List.of(http("secure", 3128)), selector.select(URI.create("https://huggingface.co/x")));
    assertEquals(List.of(http("plain", 80)), selector.select(URI.create("http://huggingface.co/x")));
    assertEquals(List.of(Proxy.NO_PROXY), selector.select(URI.create("https://localhost:8080/x")));
    assertEquals(List.of(Proxy.NO_PROXY), selector.select(URI.create("https://a.internal.example/x")));
    assertEquals(List.of(Proxy.NO_PROXY), selector.select(URI.create("https://hub.corp.example/x")));
    assertEquals(List.of(http("secure", 3128)), selector.select(URI.create("https://notcorp.example/x")));
  }

  @Test
  void noVariablesMeansDirect() {
    assertEquals(List.of(Proxy.NO_PROXY), new EnvProxySelector(Map.of()).select(URI.create("https://huggingface.co/")));
    assertEquals(List.of(Proxy.NO_PROXY),
        new EnvProxySelector(Map.of("HTTPS_PROXY", "p:1", "NO_PROXY", "*")).select(URI.create("https://h/")));
  }
}
