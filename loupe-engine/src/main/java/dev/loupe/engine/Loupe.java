package dev.loupe.engine;

import dev.loupe.core.embed.Embedder;
import dev.loupe.core.embed.EmbedderDescriptor;
import dev.loupe.core.embed.TextEmbedder;
import dev.loupe.core.embed.Embedders;
import dev.loupe.core.image.RgbImage;
import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.index.ItemStore;
import dev.loupe.core.index.ItemStoreProvider;
import dev.loupe.core.index.StoreCheck;
import dev.loupe.core.query.Hit;
import dev.loupe.core.query.Metric;
import dev.loupe.core.query.SearchRequest;
import dev.loupe.engine.catalog.CatalogEntry;
import dev.loupe.engine.feedback.JudgementLog;
import dev.loupe.engine.ranking.LearnedSearch;
import dev.loupe.engine.index.IndexListener;
import dev.loupe.engine.index.IndexSummary;
import dev.loupe.engine.index.Indexer;
import dev.loupe.engine.query.LabelScore;
import dev.loupe.engine.query.MixedQuery;
import dev.loupe.engine.query.QueryEngine;
import dev.loupe.engine.query.TextCollection;
import dev.loupe.engine.query.TextRow;
import dev.loupe.engine.query.ZeroShot;
import dev.loupe.engine.query.QueryOptions;
import dev.loupe.engine.text.TowerFile;
import dev.loupe.engine.text.TowerIdentity;
import dev.loupe.engine.text.TrainedTextTower;
import dev.loupe.image.DecodedImage;
import dev.loupe.image.ImageDecodeException;
import dev.loupe.image.ImageDecoder;
import dev.loupe.onnx.ModelCatalog;
import dev.loupe.onnx.ModelLoadException;
import dev.loupe.onnx.ModelPaths;
import dev.loupe.onnx.OnnxTextEmbedder;
import dev.loupe.onnx.TextModelCatalog;
import dev.loupe.onnx.TextModelSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The Java API: one index on disk and the embedder that built it.
 *
 * <pre>{@code
 * try (Loupe loupe = Loupe.openOrCreate(Path.of("photos.idx"), LoupeConfig.defaults())) {
 *   var entries = new SourceScanner(new CsvCatalog("id", "image"), Map.of()).scan(List.of(Path.of("photos")));
 *   loupe.index(entries, IndexListener.NONE);
 *   List<Hit> hits = loupe.search(Path.of("query.jpg"), SearchRequest.topK(10));
 * }
 * }</pre>
 *
 * <p>Searches are thread-safe and may run concurrently with each other; run one {@link #index} at a time.
 */
public final class Loupe implements AutoCloseable {
  private final ItemStore store;
  private final Embedder embedder;
  private final LoupeConfig config;
  private final Path indexDir;

  private final QueryEngine queries;
  /** Searches with the index's learned ranking, when it has one. */
  private final LearnedSearch learned;
  /** The index's judged pairs: one log per Loupe, so this process's appends are serialised. */
  private final JudgementLog judgements;
  /** The text tower paired with the index's image model, opened on the first text query (guarded by this). */
  private TextEmbedder text;

  private Loupe(ItemStore store, Embedder embedder, LoupeConfig config, Path indexDir) throws IOException {
    // A centred index centres its own searches on the mean committed with its items.
    this.indexDir = indexDir;
    this.store = store;
    this.embedder = embedder;
    this.config = config;
    this.queries = new QueryEngine(embedder, this.store);
    this.learned = new LearnedSearch(indexDir, store, queries);
    this.judgements = JudgementLog.of(indexDir);
  }

  /** Opens an existing index with the embedder it was built with; fails if that model changed since. */
  public static Loupe open(Path indexDir, LoupeConfig config) throws IOException {
    return open(openStore(indexDir, config), indexDir, config);
  }

  private static Loupe open(ItemStore store, Path indexDir, LoupeConfig config) throws IOException {
    Embedder embedder = null;
    try {
      embedder = openEmbedder(store.spec().embedder().name(), config, indexDir);
      checkSameEmbedder(indexDir, store.spec().embedder(), embedder);
      return new Loupe(store, embedder, config, indexDir);
    } catch (RuntimeException | IOException e) {
      if (embedder != null) embedder.close();
      store.close();
      throw e;
    }
  }

  /**
   * As {@link #openOrCreate(Path, LoupeConfig)}, but a new index created without a model ({@code config.model()}
   * null) gets the int8 default {@link ModelCatalog#DEFAULT_INDEX_MODEL}: the one in a model directory or the cache,
   * else one made into the cache from the float default, calibrated on {@code images} (at least 16 are needed);
   * else the float {@link ModelCatalog#DEFAULT_MODEL}. Never fails because the int8 default could not be had.
   *
   * @param images the image files about to be indexed (for a new index they calibrate the int8 default)
   * @param notes hears one line when the int8 default was made, or why the float default was chosen
   */
  public static Loupe openOrCreate(Path indexDir, LoupeConfig config, List<Path> images,
      java.util.function.Consumer<String> notes) throws IOException {
    // Only for a folder the index can be created in: a folder of other files is refused by the store below, and
    // must not have made (and cached for every later index) a model calibrated on this run first.
    if (config.model() == null && !exists(indexDir, config) && isAbsentOrEmpty(indexDir)) {
      DefaultIndexModel.Choice choice =
          new DefaultIndexModel(ModelPaths.of(config.embedderSettings(1))).choose(images);
      if (choice.note() != null) notes.accept(choice.note());
      config = config.withModel(choice.model());
    }
    return openOrCreate(indexDir, config);
  }

  /** Whether an index is at {@code indexDir} in the store {@code config.store()} names (a folder or an address). */
  public static boolean exists(Path indexDir, LoupeConfig config) throws IOException {
    return ItemStoreProvider.forStore(config.store()).exists(indexDir);
  }

  private static boolean isAbsentOrEmpty(Path dir) throws IOException {
    if (!Files.exists(dir)) return true;
    if (!Files.isDirectory(dir)) return false;
    try (java.util.stream.Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  /**
   * Opens the index for writing if it exists, else creates it for {@code config.model()}, or, when that is null,
   * for the float {@link ModelCatalog#DEFAULT_MODEL} (this form has no images to calibrate the int8 default on; see
   * {@link #openOrCreate(Path, LoupeConfig, List, java.util.function.Consumer)}). An existing index
   * built with another model is refused, never mixed. The write lock is taken first, before the model loads:
   * a second writer fails at once (searches need no lock and go on).
   */
  public static Loupe openOrCreate(Path indexDir, LoupeConfig config) throws IOException {
    ItemStoreProvider provider = ItemStoreProvider.forStore(config.store());
    if (provider.exists(indexDir)) {
      ItemStore store = provider.open(indexDir);
      try {
        store.startWriting();
      } catch (IOException | RuntimeException e) {
        store.close();
        throw e;
      }
      Loupe loupe = open(store, indexDir, config);
      try {
        checkRequestMatches(indexDir, loupe, config);
        return loupe;
      } catch (RuntimeException e) {
        loupe.close();
        throw e;
      }
    }
    String model = config.model() != null ? config.model() : ModelCatalog.DEFAULT_MODEL;
    Embedder embedder = openEmbedder(model, config);
    try {
      Files.createDirectories(indexDir);
      Metric metric = config.metric() != null ? config.metric()
          : embedder.descriptor().normalized() ? Metric.COSINE : Metric.L2;
      IndexSpec spec = new IndexSpec(embedder.descriptor(), metric, config.hnsw(),
          config.levers() == null ? provider.defaultLevers(embedder.descriptor(), metric) : config.levers());
      ItemStore store = provider.create(indexDir, spec);
      try {
        return new Loupe(store, embedder, config, indexDir);
      } catch (IOException | RuntimeException e) {
        store.close();
        throw e;
      }
    } catch (RuntimeException | IOException e) {
      embedder.close();
      throw e;
    }
  }

  /**
   * An existing index keeps its embedder and levers; a request naming others is refused, never mixed. Names
   * are compared as the embedder reports them ("pixels" is "pixels-16"), so a model named another way is
   * opened once to learn its canonical name.
   */
  private static void checkRequestMatches(Path indexDir, Loupe loupe, LoupeConfig config) {
    IndexSpec spec = loupe.spec();
    String built = spec.embedder().name();
    boolean otherModel = false;
    if (config.model() != null && !config.model().equals(built)) {
      try (Embedder requested = openEmbedder(config.model(), config)) {
        otherModel = !requested.descriptor().name().equals(built);
      }
    }
    boolean otherLevers = config.levers() != null && !config.levers().equals(spec.levers());
    if (otherModel || otherLevers) {
      String what = otherModel
          ? "model " + built + ", not " + config.model()
          : "levers " + describe(spec.levers()) + ", not " + describe(config.levers());
      throw new IllegalStateException("index " + indexDir + " was built with " + what
          + "; vectors of different models or levers cannot be mixed — use another --index directory");
    }
  }

  private static String describe(IndexSpec.Levers levers) {
    return "center=" + levers.center() + " augment=" + levers.augmentViews();
  }

  /** The embedder of an existing index; a missing int8 default gets a message that says what to do. */
  private static Embedder openEmbedder(String name, LoupeConfig config, Path indexDir) {
    try {
      return openEmbedder(name, config);
    } catch (IllegalArgumentException | ModelLoadException e) { // an unknown name, or a spec without its file
      ModelPaths paths = ModelPaths.of(config.embedderSettings(1));
      if (name.equals(ModelCatalog.DEFAULT_INDEX_MODEL) && !DefaultIndexModel.present(paths)) {
        throw new IllegalStateException("index " + indexDir + " was built with " + name + ", the int8 default made on "
            + "this machine, and it is no longer in " + paths.describe() + ": restore " + name + ".onnx and " + name
            + ".loupe.json into " + paths.userCache() + ", or rebuild the index with 'loupe index --rebuild' (a new "
            + "copy is calibrated again and gives other vectors)", e);
      }
      throw e;
    }
  }

  private static Embedder openEmbedder(String name, LoupeConfig config) {
    // One intra-op thread per call: the indexer and batch queries run one call per core in parallel.
    return Embedders.load(config.embedderSettings(1)).open(name);
  }

  /**
   * Opens the index's store alone, without its embedder: enough to describe it ({@code loupe info}) or to read
   * items and vectors, no model needed.
   */
  public static ItemStore openStore(Path indexDir, LoupeConfig config) throws IOException {
    return ItemStoreProvider.forStore(config.store()).open(indexDir);
  }

  private static void checkSameEmbedder(Path indexDir, EmbedderDescriptor stored, Embedder embedder) {
    String diff = stored.differencesTo(embedder.descriptor());
    if (!diff.isEmpty()) {
      throw new IllegalStateException("index " + indexDir + " was built by a different version of model "
          + stored.name() + " (" + diff + "); rebuild the index or restore that model file");
    }
  }

  public IndexSpec spec() {
    return store.spec();
  }

  public ItemStore store() {
    return store;
  }

  public Embedder embedder() {
    return embedder;
  }

  /** Indexes folders, image files and CSV catalogues already resolved to entries. */
  public IndexSummary index(List<CatalogEntry> entries, IndexListener listener) throws IOException {
    return new Indexer(embedder, store, config.indexing(), listener).run(entries);
  }

  /** Decodes an image file the way indexing does. */
  public RgbImage decode(Path image) throws ImageDecodeException {
    DecodedImage decoded = ImageDecoder.decode(image, config.indexing().decode().withMinShorterSide(embedder.minInputSide()));
    return decoded.image();
  }

  /**
   * Decodes an image held in memory (e.g. an upload) with the same decoder and limits as {@link #decode(Path)};
   * {@code name} only labels error messages.
   */
  public RgbImage decode(byte[] bytes, String name) throws ImageDecodeException {
    return ImageDecoder.decode(bytes, name, config.indexing().decode().withMinShorterSide(embedder.minInputSide())).image();
  }

  public float[] embed(RgbImage image) {
    return embedder.embed(image);
  }

  public List<Hit> search(float[] vector, SearchRequest request) throws IOException {
    return store.search(vector, request);
  }

  public List<Hit> search(RgbImage image, SearchRequest request) throws IOException {
    return search(image, request, QueryOptions.NONE);
  }

  /** Searches with query-time levers (test-time augmentation, multi-crop, query expansion, feedback). */
  public List<Hit> search(RgbImage image, SearchRequest request, QueryOptions options) throws IOException {
    return learned.search(image == null ? List.of() : queries.embed(image, options), request, options);
  }

  public List<Hit> search(Path image, SearchRequest request) throws IOException, ImageDecodeException {
    return search(decode(image), request);
  }

  public List<Hit> search(Path image, SearchRequest request, QueryOptions options)
      throws IOException, ImageDecodeException {
    return search(image == null ? null : decode(image), request, options);
  }

  /**
   * Text → image: the items whose image vectors are closest to the text's vector, through the same query path
   * as image search (so feedback and query expansion apply too). The text is embedded by the text tower paired
   * with the index's image model (a CLIP model's text tower); an index built with an image-only model fails with
   * a message saying how to get one. A text longer than the tower's context is cut ({@link #textEmbedder()}
   * {@code .truncates(text)} tells a caller it was, to say so).
   *
   * @throws IllegalArgumentException for empty or blank text, or image-only levers (tta, crops)
   */
  public List<Hit> searchText(String text, SearchRequest request, QueryOptions options) throws IOException {
    if (text == null || text.isBlank()) throw new IllegalArgumentException("a text query needs some words, got an empty text");
    if (options.tta() != 0 || options.crops() != 1) {
      throw new IllegalArgumentException("tta and crops apply to image queries, not to text");
    }
    TextEmbedder tower = textEmbedder();
    return searchTextVector(tower, tower.embedText(text), request, options);
  }

  /** Searches the images with a vector of {@code tower}'s text space. */
  private List<Hit> searchTextVector(TextEmbedder tower, float[] vector, SearchRequest request, QueryOptions options)
      throws IOException {
    if (tower instanceof TrainedTextTower trained) {
      // A trained tower predicts how an item differs from the mean: compare with the items' centred vectors.
      return queries.search(List.of(trained.query(vector)), trained.centred(request), options);
    }
    return queries.search(List.of(vector), request, options);
  }

  public List<Hit> searchText(String text, SearchRequest request) throws IOException {
    return searchText(text, request, QueryOptions.NONE);
  }

  /**
   * A mixed query (rclip's arithmetic, see {@link MixedQuery}): its text terms, plus {@code image}'s vector times
   * {@code imageWeight} when an image is given.
   */
  public List<Hit> searchMixed(MixedQuery query, Path image, double imageWeight, SearchRequest request,
      QueryOptions options) throws IOException, ImageDecodeException {
    TextEmbedder tower = textEmbedder();
    float[] imageVector = image == null ? null : imageInTextSpace(embed(decode(image)));
    return searchTextVector(tower, query.vector(tower, imageVector, imageWeight), request, options);
  }

  /** Embeds {@code texts} with this index's text tower, for ranking them against images ({@link #rankTexts}). */
  public TextCollection textCollection(List<TextRow> texts, int maxTexts) {
    return TextCollection.embed(textEmbedder(), texts, maxTexts);
  }

  /** Image → text: the {@code k} texts of {@code texts} closest to {@code image}, best first. */
  public List<Hit> rankTexts(Path image, TextCollection texts, int k) throws ImageDecodeException {
    return texts.rank(imageInTextSpace(embed(decode(image))), k);
  }

  /**
   * Zero-shot labels of {@code image}: each label is put in {@code template} ({@code {label}} replaced), embedded by
   * the text tower, and the softmax of the cosines times the tower's temperature ({@link #textTemperature}) gives
   * its probability. Most probable first.
   */
  public List<LabelScore> classify(Path image, List<String> labels, String template) throws ImageDecodeException {
    if (labels.isEmpty()) throw new IllegalArgumentException("no labels to choose from");
    if (labels.size() > ZeroShot.MAX_LABELS) {
      throw new IllegalArgumentException("at most " + ZeroShot.MAX_LABELS + " labels, got " + labels.size());
    }
    TextEmbedder tower = textEmbedder();
    float[][] prompts = tower.embedTexts(labels.stream().map(l -> ZeroShot.prompt(template, l)).toList());
    return ZeroShot.classify(imageInTextSpace(embed(decode(image))), labels, prompts, textTemperature());
  }

  /**
   * An image vector as the text tower compares it: a CLIP tower shares the image space as it is; a tower trained
   * by {@code loupe train-text} predicts centred image vectors.
   */
  private float[] imageInTextSpace(float[] image) {
    return textEmbedder() instanceof TrainedTextTower trained ? trained.imageVector(image) : image;
  }

  /**
   * The zero-shot temperature of the text tower: its spec's {@code logitScale}, a trained tower's own (learned by a
   * contrastive tower, fitted on held-back pairs for a ridge one), else CLIP's {@link TextModelSpec#CLIP_LOGIT_SCALE}.
   */
  public double textTemperature() {
    return switch (textEmbedder()) {
      case OnnxTextEmbedder onnx -> onnx.spec().logitScale();
      case TrainedTextTower trained when trained.info().logitScale() > 0 -> trained.info().logitScale();
      default -> TextModelSpec.CLIP_LOGIT_SCALE;
    };
  }

  /**
   * The text tower whose vectors live in this index's space, opened once: the tower trained for this index and
   * saved with it ({@code loupe train-text}) if there is one, else the CLIP text tower paired with the index's
   * model by the catalogue. Fails when neither exists, when the saved tower was trained for another index or
   * model, or when the pairing is inconsistent (another image model, another dimension).
   */
  public synchronized TextEmbedder textEmbedder() {
    if (text == null) {
      try {
        var trained = TowerFile.read(indexDir);
        if (trained.isPresent()) {
          TowerIdentity.check(trained.get().info(), store, TowerFile.of(indexDir).toString());
          text = trained.get();
          return text;
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("cannot read the text tower of " + indexDir + ": " + e.getMessage(), e);
      }
      EmbedderDescriptor image = store.spec().embedder();
      TextEmbedder opened = TextModelCatalog.load(ModelPaths.of(config.embedderSettings(1)))
          .openForImageModel(image.name(), 1);
      if (!opened.imageEmbedder().equals(image.name()) || opened.dimension() != image.dimension()) {
        opened.close();
        throw new IllegalStateException("text model " + opened.descriptor().name() + " (" + opened.dimension()
            + "-d, pairs with " + opened.imageEmbedder() + ") does not match this index (" + image.name() + ", "
            + image.dimension() + "-d); fix its NAME.text.json spec");
      }
      text = opened;
    }
    return text;
  }

  /** Verifies the index at {@code indexDir} without opening it for search (e.g. checksums of every file). */
  public static StoreCheck check(Path indexDir, LoupeConfig config) throws IOException {
    return ItemStoreProvider.forStore(config.store()).check(indexDir);
  }

  /**
   * Removes the index at {@code indexDir} (only files the store wrote itself; refuses when others are there),
   * for a rebuild. Returns how many files were removed.
   */
  public static int deleteIndex(Path indexDir, LoupeConfig config) throws IOException {
    return ItemStoreProvider.forStore(config.store()).delete(indexDir);
  }

  /** How the store keeps the index (e.g. segments, size on disk), for {@code loupe info}. */
  public java.util.Map<String, Object> storageInfo() throws IOException {
    return store.storageInfo();
  }

  /** Commits, then reorganises the index for the fastest search (Lucene: one segment, one HNSW graph). */
  public void optimize() throws IOException {
    store.optimize();
  }

  /** The index folder. */
  public Path directory() {
    return indexDir;
  }

  /** The judged pairs of this index ({@code --like}/{@code --unlike}, the server's feedback). */
  public JudgementLog judgements() {
    return judgements;
  }

  /** Image search with the index's learned ranking ({@code loupe learn-ranking}), and that ranking. */
  public LearnedSearch learnedSearch() {
    return learned;
  }

  /** The query path itself, for callers that bring their own query vectors (e.g. evaluation). */
  public QueryEngine queries() {
    return queries;
  }

  @Override
  public void close() throws IOException {
    try {
      store.close();
    } finally {
      try {
        embedder.close();
      } finally {
        synchronized (this) {
          if (text != null) text.close();
        }
      }
    }
  }
}
