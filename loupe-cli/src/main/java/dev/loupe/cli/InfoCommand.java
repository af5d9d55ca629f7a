package dev.loupe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.core.embed.EmbedderDescriptor;
import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.index.ItemStore;
import dev.loupe.engine.Loupe;
import dev.loupe.engine.LoupeConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "info", mixinStandardHelpOptions = true,
    description = "Describe an index: items, embedder and model checksum, metric, HNSW settings, levers, centring mean, size on disk.")
final class InfoCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin IndexLocation location;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @Option(names = {"-v", "--verbose"}, description = "Print stack traces of errors.")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    Path index = location.require(spec);
    try (ItemStore store = Loupe.openStore(index, LoupeConfig.defaults())) {
      IndexSpec s = store.spec();
      EmbedderDescriptor e = s.embedder();
      Map<String, Object> info = new LinkedHashMap<>();
      info.put("index", index.toAbsolutePath().normalize().toString());
      info.put("items", store.size());
      info.put("embedder", e.name());
      info.put("dimension", e.dimension());
      info.put("normalized", e.normalized());
      info.put("metric", s.metric().label());
      info.put("hnsw", Map.of("m", s.hnsw().maxConn(), "efConstruction", s.hnsw().beamWidth(),
          "quantized", s.hnsw().quantize()));
      info.put("levers", Map.of("center", s.levers().center(), "augmentViews", s.levers().augmentViews()));
      // The committed gallery mean: how many items it sums and its length (read from the commit, no rescan).
      store.galleryMean().ifPresent(m -> info.put("centring", new java.util.TreeMap<>(Map.of("items", m.count(),
          "meanNorm", dev.loupe.core.query.Vectors.norm(m.mean())))));
      info.put("fingerprint", e.fingerprint());
      info.putAll(store.storageInfo());
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(info));
      } else {
        info.forEach((key, value) -> {
          if (value instanceof Map<?, ?> m && key.equals("fingerprint")) {
            m.forEach((k, v) -> out.printf("%-16s %s%n", k, v));
          } else {
            out.printf("%-16s %s%n", key, value);
          }
        });
      }
      out.flush();
    }
    return 0;
  }
}
