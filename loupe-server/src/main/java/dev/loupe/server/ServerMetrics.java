package dev.loupe.server;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * The server's Prometheus metrics, in a registry of its own (never the client's default static registry: two
 * servers in one JVM, as in tests, keep separate counts).
 */
final class ServerMetrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private final Counter requests;
  private final Counter errors;
  private final Histogram latency;
  private final Histogram embed;

  ServerMetrics(Indexes indexes, InferenceGate gate) {
    requests = Counter.builder().name("loupe_http_requests_total").help("HTTP requests answered")
        .labelNames("endpoint", "method", "status").register(registry);
    errors = Counter.builder().name("loupe_http_errors_total").help("HTTP requests answered with a 4xx or 5xx status")
        .labelNames("endpoint", "status").register(registry);
    latency = Histogram.builder().name("loupe_http_request_duration_seconds").help("time to answer a request")
        .labelNames("endpoint").classicOnly().register(registry);
    embed = Histogram.builder().name("loupe_embed_duration_seconds").help("time to embed one query image (all views)")
        .labelNames("index").classicOnly().register(registry);
    GaugeWithCallback.builder().name("loupe_index_items").help("items in the last commit of each index")
        .labelNames("index").callback(cb -> {
          for (ServedIndex s : indexes.all()) {
            try {
              cb.call(s.loupe().store().size(), s.name());
            } catch (IOException | RuntimeException e) {
              // An index that cannot answer now has no value this scrape; /ready says why.
            }
          }
        }).register(registry);
    GaugeWithCallback.builder().name("loupe_index_size_bytes").help("size on disk of each index's last commit")
        .labelNames("index").callback(cb -> {
          for (ServedIndex s : indexes.all()) {
            try {
              if (s.loupe().storageInfo().get("sizeOnDiskBytes") instanceof Number n) cb.call(n.doubleValue(), s.name());
            } catch (IOException | RuntimeException e) {
              // as above
            }
          }
        }).register(registry);
    GaugeWithCallback.builder().name("loupe_inference_running").help("model calls running now")
        .callback(cb -> cb.call(gate.running())).register(registry);
    GaugeWithCallback.builder().name("loupe_inference_waiting").help("requests waiting for an inference slot")
        .callback(cb -> cb.call(gate.waiting())).register(registry);
  }

  void request(String endpoint, String method, int status, double seconds) {
    requests.labelValues(endpoint, method, Integer.toString(status)).inc();
    latency.labelValues(endpoint).observe(seconds);
    if (status >= 400) errors.labelValues(endpoint, Integer.toString(status)).inc();
  }

  void embedded(String index, double seconds) {
    embed.labelValues(index).observe(seconds);
  }

  byte[] scrape() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writer.write(out, registry.scrape());
    return out.toByteArray();
  }

  String contentType() {
    return writer.getContentType();
  }
}
