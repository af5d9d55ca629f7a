package dev.loupe.eval;

import dev.loupe.core.embed.Embedders;
import dev.loupe.core.embed.EmbedderSettings;
import dev.loupe.core.embed.Embedder;
import dev.loupe.core.image.RgbImage;
import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.index.Item;
import dev.loupe.core.index.ItemStore;
import dev.loupe.core.index.MemoryItemStore;
import dev.loupe.core.io.Checksums;
import dev.loupe.core.query.Hit;
import dev.loupe.core.query.Metric;
import dev.loupe.core.query.SearchRequest;
import dev.loupe.core.util.Parallel;
import dev.loupe.engine.index.Indexer;
import dev.loupe.engine.query.QueryEngine;
import dev.loupe.engine.query.QueryOptions;
import dev.loupe.image.DecodeOptions;
import dev.loupe.image.ImageDecodeException;
import dev.loupe.image.ImageDecoder;
import dev.loupe.image.Views;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Evaluates configurations side by side on one dataset, through Loupe's own embedders, store contract and query
 * path ({@link QueryEngine}). Every image is decoded once and embedded once per embedder (own vector, augmented
 * views, query variants); each configuration then only builds an in-memory index from those vectors and ranks
 * the whole gallery for every query (exact search, so mAP covers the full ranking).
 */
public final class Evaluator {
  /** Random rankings averaged for the chance level of each metric. */
  static final int CHANCE_SHUFFLES = 10;
  static final long CHANCE_SEED = 7;
  /** Queries kept with their top hits for pictures, and how many hits each. */
  static final int SAMPLES = 6;
  static final int SAMPLE_HITS = 6;

  private final EmbedderSettings settings;
  private final int threads;
  private final List<Integer> ks;
  private final Consumer<String> log;

  public Evaluator(EmbedderSettings settings, int threads, List<Integer> ks, Consumer<String> log) {
    if (ks.isEmpty()) throw new IllegalArgumentException("give at least one k");
    this.settings = settings;
    this.threads = threads;
    this.ks = List.copyOf(ks);
    this.log = log;
  }

  /** Vectors of one image under one embedder: its own and augmented views, and per query-option variant. */
  private record Embedded(List<float[]> views, Map<QueryOptions, List<float[]>> queryVectors) {}

  public List<ConfigResult> run(EvalDataset dataset, List<EvalConfig> configs) throws IOException {
    Map<String, Embedder> embedders = new LinkedHashMap<>();
    Embedders factory = Embedders.load(settings);
    try {
      for (EvalConfig c : configs) embedders.computeIfAbsent(c.embedder(), name -> factory.open(name, 1));
      Map<String, Map<Path, Embedded>> vectors = embedAll(dataset, configs, embedders);
      List<ConfigResult> results = new ArrayList<>();
      ProjectionPlan.Cache projections = new ProjectionPlan.Cache();
      for (EvalConfig c : configs) {
        results.add(evaluate(dataset, c, embedders.get(c.embedder()), vectors.get(c.embedder()), projections));
        log.accept(String.format(java.util.Locale.ROOT, "%-50s mAP %.4f  P@1 %.4f", c.name(),
            results.getLast().means().get("mAP"), results.getLast().means().get("acc@1")));
      }
      return results;
    } finally {
      embedders.values().forEach(Embedder::close);
    }
  }

  private Map<String, Map<Path, Embedded>> embedAll(EvalDataset ds, List<EvalConfig> configs,
      Map<String, Embedder> embedders) throws IOException {
    Map<String, Integer> maxViews = new HashMap<>();
    Map<String, Set<QueryOptions>> variants = new HashMap<>();
    for (EvalConfig c : configs) {
      maxViews.merge(c.embedder(), c.levers().augmentViews(), Math::max);
      variants.computeIfAbsent(c.embedder(), k -> new LinkedHashSet<>()).add(queryVariant(c.query()));
    }
    Set<Path> galleryFiles = new HashSet<>();
    ds.gallery().forEach(g -> galleryFiles.add(g.file()));
    Set<Path> queryFiles = new HashSet<>();
    ds.queries().forEach(q -> queryFiles.add(q.file()));
    List<Path> files = new ArrayList<>(new LinkedHashSet<>(ds.gallery().stream().map(EvalImage::file).toList()));
    ds.queries().forEach(q -> {
      if (!galleryFiles.contains(q.file())) files.add(q.file());
    });
    Map<String, Map<Path, Embedded>> out = new ConcurrentHashMap<>();
    embedders.keySet().forEach(name -> out.put(name, new ConcurrentHashMap<>()));
    log.accept("embedding " + files.size() + " images with " + String.join(", ", embedders.keySet()));
    long t0 = System.nanoTime();
    parallel(files, file -> {
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(file);
      } catch (IOException e) {
        log.accept("skipped " + file + ": cannot read (" + e + ")");
        return;
      }
      long seed = Indexer.viewSeed(Checksums.sha256(bytes));
      // Decoded as `loupe index` decodes for each embedder (subsampling depends on the embedder's input size),
      // so a configuration's numbers do not depend on which others run with it; once per distinct size.
      Map<Integer, RgbImage> decoded = new HashMap<>();
      for (Map.Entry<String, Embedder> e : embedders.entrySet()) {
        Embedder embedder = e.getValue();
        RgbImage image = decoded.get(embedder.minInputSide());
        if (image == null && !decoded.containsKey(embedder.minInputSide())) {
          try {
            image = ImageDecoder.decode(bytes, file.toString(),
                DecodeOptions.DEFAULTS.withMinShorterSide(embedder.minInputSide())).image();
          } catch (ImageDecodeException ex) {
            log.accept("skipped " + file + ": " + ex.reason());
          }
          decoded.put(embedder.minInputSide(), image);
        }
        if (image == null) continue;
        List<float[]> views = List.of();
        if (galleryFiles.contains(file)) {
          List<float[]> prepared = new ArrayList<>();
          prepared.add(embedder.prepare(image));
          for (RgbImage v : Views.views(image, maxViews.get(e.getKey()), seed)) prepared.add(embedder.prepare(v));
          views = List.of(embedder.embedPrepared(prepared));
        }
        Map<QueryOptions, List<float[]>> qv = new HashMap<>();
        if (queryFiles.contains(file)) {
          for (QueryOptions o : variants.get(e.getKey())) {
            qv.put(o, o.equals(queryVariant(QueryOptions.NONE)) && !views.isEmpty()
                ? List.of(views.get(0)) : QueryEngine.embed(embedder, image, o));
          }
        }
        out.get(e.getKey()).put(file, new Embedded(views, qv));
      }
    });
    log.accept(String.format(java.util.Locale.ROOT, "embedded in %.1f s", (System.nanoTime() - t0) / 1e9));
    return out;
  }

  /** The part of the query options that changes the query vectors (the rest acts at search time). */
  private static QueryOptions queryVariant(QueryOptions o) {
    return QueryOptions.NONE.withTta(o.tta()).withCrops(o.crops());
  }

  private ConfigResult evaluate(EvalDataset ds, EvalConfig config, Embedder embedder, Map<Path, Embedded> vectors,
      ProjectionPlan.Cache projections) throws IOException {
    Metric metric = config.metric() != null ? config.metric()
        : embedder.descriptor().normalized() ? Metric.COSINE : Metric.L2;
    IndexSpec.Levers levers = config.levers();
    Map<Path, float[]> own = new HashMap<>();
    vectors.forEach((file, e) -> {
      if (!e.views().isEmpty()) own.put(file, e.views().get(0));
    });
    // One part without a projection lever; with one, each part's queries rank through a map their labels never trained.
    List<ProjectionPlan.Part> parts = ProjectionPlan.parts(ds, config, embedder, own, projections, log);
    List<EvalQuery> queries = parts.stream().flatMap(p -> p.queries().stream()).toList();
    long t0 = System.nanoTime();
    Map<EvalQuery, Map<String, Double>> perQuery = new ConcurrentHashMap<>();
    Map<EvalQuery, Map<String, Double>> perQueryChance = new ConcurrentHashMap<>();
    Map<EvalQuery, double[]> curves = new ConcurrentHashMap<>();
    List<String> withoutRelevant = new ArrayList<>();
    for (EvalQuery q : queries) if (q.relevant().isEmpty()) withoutRelevant.add(q.id());
    Set<EvalQuery> sampled = new HashSet<>();
    for (int i = 0; i < SAMPLES && i < queries.size(); i++) {
      sampled.add(queries.get(i * queries.size() / Math.min(SAMPLES, queries.size())));
    }
    Map<EvalQuery, ConfigResult.Sample> samples = new ConcurrentHashMap<>();
    for (ProjectionPlan.Part part : parts) {
      Embedder through = part.embedder();
      IndexSpec spec = new IndexSpec(through.descriptor(), metric, IndexSpec.HnswParams.DEFAULT,
          levers.withDba(0, levers.dbaAlpha()));
      ItemStore store = new MemoryItemStore(spec);
      int n = 0;
      for (EvalImage g : ds.gallery()) {
        Embedded e = vectors.get(g.file());
        if (e == null) continue; // unreadable: reported while embedding
        store.put(new Item(g.id(), g.file().toString(), "", 0, 0, 0, 0, Map.of()),
            ProjectionPlan.through(through, e.views().subList(0, 1 + levers.augmentViews())));
        n++;
      }
      // Searches see committed items only, with the gallery mean (levers.center) committed with them.
      store.commit();
      // One more than the gallery: leave-one-out drops the query itself and still ranks everything else.
      SearchRequest request = SearchRequest.topK(n + 1).withMetric(metric).withExact(true);
      DbaGallery dba = null;
      if (levers.dbaTop() > 0) {
        // A second store holds the augmented vectors and is compared with the first one's mean (of raw vectors).
        dba = DbaGallery.of(store, metric, levers.dbaTop(), levers.dbaAlpha(), through.descriptor().normalized(),
            threads);
        ItemStore augmented = new MemoryItemStore(new IndexSpec(through.descriptor(), metric,
            IndexSpec.HnswParams.DEFAULT, IndexSpec.Levers.NONE));
        for (EvalImage g : ds.gallery()) {
          if (vectors.get(g.file()) == null) continue;
          augmented.put(store.get(g.id()).orElseThrow(), dba.augmented(g.id()));
        }
        augmented.commit();
        var centring = store.searchCentering();
        if (centring.isPresent()) request = request.withCentering(centring.get());
        store = augmented;
      }
      QueryEngine engine = new QueryEngine(through, store);
      ItemStore searched = store;
      DbaGallery augmentation = dba;
      SearchRequest finalRequest = request;
      parallel(part.queries(), q -> {
        Embedded e = vectors.get(q.file());
        if (e == null || q.relevant().isEmpty()) return; // unreadable queries were named while embedding
        // Leave-one-out under augmentation: the query's neighbours are searched without the query's vector in theirs.
        QueryEngine ranker = augmentation == null || q.exclude() == null ? engine
            : new QueryEngine(through, augmentation.leftOut(searched, q.exclude()));
        List<Hit> hits = ranker.search(ProjectionPlan.through(through, e.queryVectors().get(queryVariant(config.query()))),
            finalRequest, config.query(), q.exclude());
        List<Boolean> flags = new ArrayList<>(hits.size());
        List<Float> scores = new ArrayList<>(hits.size());
        List<Hit> kept = new ArrayList<>();
        for (Hit h : hits) {
          if (h.id().equals(q.exclude())) continue;
          flags.add(q.relevant().contains(h.id()));
          scores.add(h.score());
          if (kept.size() < SAMPLE_HITS) kept.add(h);
        }
        if (sampled.contains(q)) samples.put(q, new ConfigResult.Sample(q, kept, flags.subList(0, kept.size())));
        int total = q.relevant().size();
        perQuery.put(q, QueryMetrics.of(flags, scores, total, ks));
        perQueryChance.put(q, chance(flags, scores, total, q.id()));
        curves.put(q, PrecisionRecall.interpolated(flags, total));
      });
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new ConfigResult(config, perQuery.size(), Aggregate.mean(perQuery.values()),
        Aggregate.mean(perQueryChance.values()), Aggregate.perClass(perQuery, ks.get(0)), withoutRelevant,
        Aggregate.meanCurve(curves.values()), seconds,
        queries.stream().filter(samples::containsKey).map(samples::get).toList());
  }

  /** Metrics of random rankings: the same relevance flags shuffled (fixed seed per query). */
  private Map<String, Double> chance(List<Boolean> flags, List<Float> scores, int total, String queryId) {
    Random random = new Random(CHANCE_SEED ^ queryId.hashCode());
    List<Map<String, Double>> runs = new ArrayList<>();
    List<Boolean> shuffled = new ArrayList<>(flags);
    shuffled.sort(null); // start from a canonical order: chance depends on the relevance counts, not the ranking
    // A random ranking's top-k similarity is the gallery's mean similarity to the query.
    double meanScore = scores.stream().mapToDouble(Float::doubleValue).average().orElse(0);
    List<Float> flat = java.util.Collections.nCopies(scores.size(), (float) meanScore);
    for (int i = 0; i < CHANCE_SHUFFLES; i++) {
      java.util.Collections.shuffle(shuffled, random);
      runs.add(QueryMetrics.of(shuffled, flat, total, ks));
    }
    return Aggregate.mean(runs);
  }

  /** Work on one item that returns nothing. */
  interface Task<T> {
    void run(T item) throws IOException;
  }

  private <T> void parallel(List<T> items, Task<T> task) throws IOException {
    Parallel.map(items, threads, item -> {
      task.run(item);
      return null;
    });
  }
}
