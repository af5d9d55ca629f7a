package dev.loupe.eval.dedup;

import dev.loupe.core.embed.Embedder;
import dev.loupe.core.embed.EmbedderSettings;
import dev.loupe.core.embed.Embedders;
import dev.loupe.core.image.RgbImage;
import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.index.Item;
import dev.loupe.core.index.MemoryItemStore;
import dev.loupe.core.io.Checksums;
import dev.loupe.core.query.Metric;
import dev.loupe.core.util.Parallel;
import dev.loupe.engine.dedup.Components;
import dev.loupe.engine.dedup.DuplicateLink;
import dev.loupe.engine.dedup.Duplicates;
import dev.loupe.engine.query.QueryOptions;
import dev.loupe.eval.EvalConfig;
import dev.loupe.eval.EvalDataset;
import dev.loupe.eval.EvalImage;
import dev.loupe.eval.EvalQuery;
import dev.loupe.image.DecodeOptions;
import dev.loupe.image.ImageDecodeException;
import dev.loupe.image.ImageDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Measures {@code loupe dedup}'s groups on a near-duplicate task: the originals and their distorted copies are one
 * collection (as a user's folder would hold them), the true groups are a source with its copies, every other
 * original is alone. Each configuration's items go into an in-memory index; the links of {@link Duplicates#links}
 * (one search per item, the CLI's default neighbours) are found once at the lowest threshold of the sweep and
 * grouped ({@link Components}) at every threshold, so each row is exactly what {@code loupe dedup --threshold T}
 * would group on that index.
 */
public final class DedupEvaluation {
  /** The thresholds swept: 0.05 to 0.99 in steps of 0.01, which covers the raw and the centred cosine scales. */
  public static List<Float> sweep() {
    List<Float> out = new ArrayList<>();
    for (int i = 5; i <= 99; i++) out.add(i / 100f);
    return out;
  }

  /**
   * One threshold's groups, measured.
   *
   * @param foundByKind per kind of distortion (crop, rotate, downscale, jitter, jpeg), the fraction of the copies
   *     distorted that way (alone or with another kind) that are in their source's group
   */
  public record Row(float threshold, GroupMetrics metrics, int groups, Map<String, Double> foundByKind) {
    public Row {
      foundByKind = Map.copyOf(foundByKind);
    }
  }

  /** One configuration's sweep, thresholds ascending. */
  public record Result(EvalConfig config, List<Row> rows) {}

  private final EmbedderSettings settings;
  private final int threads;
  private final int neighbours;
  private final Consumer<String> log;

  public DedupEvaluation(EmbedderSettings settings, int threads, int neighbours, Consumer<String> log) {
    if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got: " + threads);
    if (neighbours < 1) throw new IllegalArgumentException("neighbours must be at least 1, got: " + neighbours);
    this.settings = settings;
    this.threads = threads;
    this.neighbours = neighbours;
    this.log = log;
  }

  /** The true group of every item: an original's own id, a copy's source id (its one relevant item). */
  public static Map<String, String> truth(EvalDataset nearDuplicates) {
    Map<String, String> truth = new TreeMap<>();
    for (EvalImage g : nearDuplicates.gallery()) truth.put(g.id(), g.id());
    for (EvalQuery q : nearDuplicates.queries()) {
      if (q.relevant().size() != 1) {
        throw new IllegalArgumentException("query " + q.id() + " has " + q.relevant().size()
            + " relevant items; a near-duplicate copy has one source");
      }
      truth.put(q.id(), q.relevant().iterator().next());
    }
    return truth;
  }

  /**
   * Refuses a configuration with levers duplicates do not use (they compare the items' own vectors).
   *
   * @return the configuration
   */
  public static EvalConfig check(EvalConfig c) {
    if (c.levers().augmentViews() != 0 || c.levers().dbaTop() != 0 || !c.query().equals(QueryOptions.NONE)
        || !c.projection().equals(dev.loupe.eval.ProjectionLever.NONE)) {
      throw new IllegalArgumentException("configuration '" + c.name() + "': duplicates compare the items' own "
          + "vectors; only a metric and the center lever apply");
    }
    return c;
  }

  public List<Result> run(EvalDataset nearDuplicates, List<EvalConfig> configs, List<Float> thresholds)
      throws IOException {
    configs.forEach(DedupEvaluation::check);
    if (thresholds.isEmpty()) throw new IllegalArgumentException("give at least one threshold");
    Map<String, String> truth = truth(nearDuplicates);
    Map<String, List<String>> kinds = new TreeMap<>();
    nearDuplicates.queries().forEach(q -> kinds.put(q.id(), List.of(q.label().split("\\+"))));
    Map<String, Path> files = new LinkedHashMap<>();
    nearDuplicates.gallery().forEach(g -> files.put(g.id(), g.file()));
    nearDuplicates.queries().forEach(q -> files.put(q.id(), q.file()));
    float lowest = thresholds.stream().min(Float::compare).orElseThrow();
    Embedders factory = Embedders.load(settings);
    Map<String, Embedded> vectors = new LinkedHashMap<>();
    Map<String, String> hashes = new ConcurrentHashMap<>();
    List<Result> results = new ArrayList<>();
    for (EvalConfig c : configs) {
      if (!vectors.containsKey(c.embedder())) {
        try (Embedder embedder = factory.open(c.embedder(), 1)) {
          vectors.put(c.embedder(), new Embedded(embedder.descriptor(), embed(embedder, files, hashes)));
        }
      }
      results.add(evaluate(c, vectors.get(c.embedder()), hashes, truth, kinds, thresholds, lowest));
    }
    return results;
  }

  private Map<String, float[]> embed(Embedder embedder, Map<String, Path> files, Map<String, String> hashes)
      throws IOException {
    log.accept("embedding " + files.size() + " images with " + embedder.descriptor().name());
    Map<String, float[]> out = new ConcurrentHashMap<>();
    Parallel.map(new ArrayList<>(files.entrySet()), threads, e -> {
      byte[] bytes = Files.readAllBytes(e.getValue());
      hashes.putIfAbsent(e.getKey(), Checksums.sha256(bytes));
      try {
        // Decoded as `loupe index` decodes for this embedder.
        RgbImage image = ImageDecoder.decode(bytes, e.getValue().toString(),
            DecodeOptions.DEFAULTS.withMinShorterSide(embedder.minInputSide())).image();
        out.put(e.getKey(), embedder.embed(image));
      } catch (ImageDecodeException ex) {
        log.accept("skipped " + e.getValue() + ": " + ex.reason());
      }
      return null;
    });
    return out;
  }

  private Result evaluate(EvalConfig config, Embedded embedded, Map<String, String> hashes,
      Map<String, String> truth, Map<String, List<String>> kinds, List<Float> thresholds, float lowest)
      throws IOException {
    // The metric Evaluator and `loupe index` pick: cosine for unit vectors, L2 otherwise.
    Metric metric = config.metric() != null ? config.metric()
        : embedded.descriptor().normalized() ? Metric.COSINE : Metric.L2;
    IndexSpec spec = new IndexSpec(embedded.descriptor(), metric, IndexSpec.HnswParams.DEFAULT, config.levers());
    Map<String, String> taking = new TreeMap<>();
    try (MemoryItemStore store = new MemoryItemStore(spec)) {
      for (Map.Entry<String, float[]> e : new TreeMap<>(embedded.vectors()).entrySet()) {
        String hash = hashes.get(e.getKey());
        store.put(new Item(e.getKey(), e.getKey(), hash, 0, 0, 0, 0, Map.of()), e.getValue());
        taking.put(e.getKey(), hash);
      }
      store.commit();
      List<DuplicateLink> links = Duplicates.links(store, taking.keySet(), neighbours, lowest);
      Map<String, String> judged = new TreeMap<>(truth);
      judged.keySet().retainAll(taking.keySet()); // an unreadable image is in no group, predicted or true
      List<Row> rows = new ArrayList<>();
      for (float t : thresholds.stream().sorted().toList()) {
        List<List<String>> groups = Components.of(taking, links, t);
        rows.add(new Row(t, GroupMetrics.of(groups, judged), groups.size(), foundByKind(groups, truth, kinds)));
      }
      log.accept(String.format(java.util.Locale.ROOT, "%-50s %d links at %.2f or more", config.name(), links.size(),
          lowest));
      return new Result(config, rows);
    }
  }

  /** Per kind of distortion, the fraction of copies grouped with their source (an unreadable copy counts as missed). */
  static Map<String, Double> foundByKind(List<List<String>> groups, Map<String, String> truth,
      Map<String, List<String>> kinds) {
    Map<String, Integer> groupOf = new java.util.HashMap<>();
    for (int i = 0; i < groups.size(); i++) for (String id : groups.get(i)) groupOf.put(id, i);
    Map<String, int[]> counts = new TreeMap<>();
    kinds.forEach((copy, ks) -> {
      Integer mine = groupOf.get(copy);
      boolean found = mine != null && mine.equals(groupOf.get(truth.get(copy)));
      for (String k : ks) {
        int[] c = counts.computeIfAbsent(k, x -> new int[2]);
        c[0] += found ? 1 : 0;
        c[1]++;
      }
    });
    Map<String, Double> out = new TreeMap<>();
    counts.forEach((k, c) -> out.put(k, (double) c[0] / c[1]));
    return out;
  }

  /** One embedder's vectors of every readable item, with its descriptor. */
  private record Embedded(dev.loupe.core.embed.EmbedderDescriptor descriptor, Map<String, float[]> vectors) {}
}
