package dev.loupe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.core.embed.EmbedderDescriptor;
import dev.loupe.core.index.GalleryMean;
import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.index.ItemStore;
import dev.loupe.engine.Loupe;
import dev.loupe.engine.LoupeConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
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
      // Insertion-ordered and sorted maps only: Map.of and Map.copyOf iterate in an order that changes from one
      // run to the next, and the output is compared by people and by scripts.
      Map<String, Object> hnsw = new LinkedHashMap<>();
      hnsw.put("m", s.hnsw().maxConn());
      hnsw.put("efConstruction", s.hnsw().beamWidth());
      hnsw.put("quantized", s.hnsw().quantize());
      hnsw.put("vectorFormat", s.hnsw().vectorFormat().label());
      info.put("hnsw", hnsw);
      Map<String, Object> levers = new LinkedHashMap<>();
      levers.put("center", s.levers().center());
      levers.put("augmentViews", s.levers().augmentViews());
      if (s.levers().dbaTop() > 0) { // only when on: every other index's description stays as it was
        levers.put("dbaTop", s.levers().dbaTop());
        levers.put("dbaAlpha", s.levers().dbaAlpha());
      }
      info.put("levers", levers);
      // The committed gallery mean: how many items it sums and its length (read from the commit, no rescan).
      // Searches are centred once the gallery is large enough for its mean to mean something.
      store.galleryMean().ifPresent(m -> info.put("centring", new TreeMap<>(Map.of("items", m.count(),
          "meanNorm", dev.loupe.core.query.Vectors.norm(m.mean()), "searches", m.searchCentering().isPresent()
              ? "centred" : "uncentred until " + GalleryMean.MIN_CENTRED_ITEMS + " items"))));
      info.put("fingerprint", new TreeMap<>(e.fingerprint()));
      LearnedInfo.put(info, index, e.name(), e.dimension());
      info.putAll(store.storageInfo());
      // Not a property of the index: the decoder this process reads images with (--decoder, LOUPE_DECODER).
      info.put("decoder", DecoderOption.describeActive());
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(new ObjectMapper(Printable.jsonFactory()).writerWithDefaultPrettyPrinter().writeValueAsString(info));
      } else {
        info.forEach((key, value) -> {
          if (value instanceof Map<?, ?> m && key.equals("fingerprint")) {
            m.forEach((k, v) -> out.printf("%-16s %s%n", Printable.escape(k), Printable.escape(v)));
          } else {
            out.printf("%-16s %s%n", key, Printable.escape(value));
          }
        });
      }
      out.flush();
    }
    return 0;
  }
}
