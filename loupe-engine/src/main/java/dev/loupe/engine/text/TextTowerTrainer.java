package dev.loupe.engine.text;

import dev.loupe.core.index.GalleryMean;
import dev.loupe.core.index.Item;
import dev.loupe.core.index.ItemStore;
import dev.loupe.core.query.Centering;
import dev.loupe.engine.learn.Dense;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Trains the closed-form text tower on an index's own items: each item's text (a metadata column, or "a photo
 * of a LABEL") paired with its stored image vector. The images are split with a seeded shuffle; the ridge
 * penalty is the one of {@link #LAMBDAS} whose tower ranks the held-back items' images best for their texts
 * (mean reciprocal rank), and the saved tower is the one fitted on the training part with it, so the reported
 * validation numbers are about items the weights never saw (only lambda was chosen on them). The text base
 * (TF-IDF fitted on the training texts, or the frozen MiniLM encoder) only changes the rows the ridge maps from.
 */
public final class TextTowerTrainer {
  /** Candidate ridge penalties, small to large (both bases' rows have unit length, so the scale is data-free). */
  static final double[] LAMBDAS = {0.003, 0.01, 0.03, 0.1, 0.3, 1, 3};
  /** Fewest pairs worth training on, and fewest on each side of the split. */
  public static final int MIN_PAIRS = 20;
  static final int MIN_SIDE = 5;

  private TextTowerTrainer() {}

  /**
   * @param column the metadata column holding each item's text (or its label, with fromLabels)
   * @param groupColumn optional column whose equal values count as relevant in the report (e.g. articleType)
   * @param base the text base, one of {@link TextBase#NAMES}
   */
  public record Options(String column, boolean fromLabels, long seed, double validation, String groupColumn,
      String base, Objective objective) {
    public Options {
      if (column == null || column.isBlank()) throw new IllegalArgumentException("give the text column");
      base = TextBase.checkName(base);
      if (objective == null) objective = Objective.DEFAULT;
      if (!(validation >= 0.05 && validation <= 0.5)) {
        throw new IllegalArgumentException("validation must be a fraction between 0.05 and 0.5, got " + validation);
      }
    }

    /** A closed-form (ridge) tower: seconds to train, for tests and benches that need a tower, not the best one. */
    public Options(String column, boolean fromLabels, long seed, double validation, String groupColumn, String base) {
      this(column, fromLabels, seed, validation, groupColumn, base, Objective.RIDGE);
    }

    /** A closed-form (ridge) tower on the default base. */
    public Options(String column, boolean fromLabels, long seed, double validation, String groupColumn) {
      this(column, fromLabels, seed, validation, groupColumn, TextBase.DEFAULT);
    }
  }

  /**
   * The tower and how it did on the held-back items.
   *
   * @param scoreByLambda held-back mean reciprocal rank of each ridge penalty tried (empty for a contrastive tower)
   * @param epochs epochs a contrastive tower ran (0 for a ridge tower)
   * @param scoreByObjective held-back mean reciprocal rank of each objective trained (both with {@link Objective#AUTO})
   */
  public record Trained(TrainedTextTower tower, TextBase base, float[][] weights, float[] mean,
      CrossModalRecall validation, Map<Double, Double> scoreByLambda, int epochs,
      Map<Objective, Double> scoreByObjective, long millis) implements AutoCloseable {
    public Trained {
      var copy = new java.util.EnumMap<Objective, Double>(Objective.class);
      copy.putAll(scoreByObjective);
      scoreByObjective = java.util.Collections.unmodifiableMap(copy);
    }

    /** Releases the base's model (the MiniLM session); a tower read back from its file opens its own. */
    @Override
    public void close() {
      base.close();
    }
  }

  private record Pair(String id, String image, String text, float[] vector, String group) {}

  public static Trained train(ItemStore store, Options options) throws IOException {
    return train(store, options, line -> {});
  }

  /** @param log receives one line per contrastive epoch */
  public static Trained train(ItemStore store, Options options, Consumer<String> log) throws IOException {
    long start = System.nanoTime();
    List<Item> items = new ArrayList<>();
    store.forEach(items::add);
    if (items.isEmpty()) throw new IllegalArgumentException("the index has no items to train a text tower on");
    Map<String, float[]> vectors = new HashMap<>();
    store.forEachVector(vectors::put);
    List<Pair> pairs = pairs(items, vectors, options);
    float[] mean = mean(store, vectors);
    Centering centering = new Centering(mean);

    // Split by image, not by pair: the texts of one image (COCO has five captions a photo) stay on one side, so a
    // held-back text never has its image among the training pairs. With one item per image this is a split by item.
    List<String> images = new ArrayList<>(new TreeSet<>(pairs.stream().map(Pair::image).toList()));
    Collections.shuffle(images, new Random(options.seed()));
    Set<String> heldBack = new HashSet<>(images.subList(0, (int) Math.round(images.size() * options.validation())));
    List<Pair> validation = new ArrayList<>();
    List<Pair> train = new ArrayList<>();
    for (Pair p : pairs) (heldBack.contains(p.image()) ? validation : train).add(p);
    validation.sort((a, b) -> a.id().compareTo(b.id()));
    train.sort((a, b) -> a.id().compareTo(b.id()));
    if (validation.size() < MIN_SIDE || train.size() < MIN_PAIRS - MIN_SIDE) {
      throw new IllegalArgumentException("--validation " + options.validation() + " leaves " + train.size()
          + " training and " + validation.size() + " validation pairs; need at least " + (MIN_PAIRS - MIN_SIDE)
          + " and " + MIN_SIDE);
    }

    List<String> trainTexts = train.stream().map(Pair::text).toList();
    TextBase base = options.base().equals(MiniLmBase.NAME) ? MiniLmBase.open()
        : new TfidfBase(WordFeatures.fit(trainTexts));
    try {
      // Rows once: the MiniLM encoder is the slow part, not the fits.
      List<WordFeatures.Row> rows = base.rows(trainTexts);
      // Held-back images as a text search compares them: centred on the mean and re-normalised.
      float[][] heldImages = validation.stream().map(p -> centering.apply(p.vector())).toArray(float[][]::new);
      List<WordFeatures.Row> heldRows = base.rows(validation.stream().map(Pair::text).toList());
      List<String> groups = options.groupColumn() == null ? null : validation.stream().map(Pair::group).toList();
      double[][] held = Dense.toDouble(heldImages); // once: every objective ranks against them after each fit
      Map<Objective, Double> scores = new java.util.EnumMap<>(Objective.class);
      Fit fit = switch (options.objective()) {
        case RIDGE -> ridge(base, rows, train, mean, heldRows, held);
        case CONTRASTIVE -> contrastive(base, rows, train, centering, heldRows, held, options.seed(), log);
        case AUTO -> {
          Fit ridge = ridge(base, rows, train, mean, heldRows, held);
          Fit contrastive = contrastive(base, rows, train, centering, heldRows, held, options.seed(), log);
          scores.put(Objective.RIDGE, ridge.validationMrr());
          scores.put(Objective.CONTRASTIVE, contrastive.validationMrr());
          boolean keepRidge = ridge.validationMrr() >= contrastive.validationMrr();
          log.accept(String.format(java.util.Locale.ROOT,
              "held-back mean reciprocal rank: ridge %.4f, contrastive %.4f; keeping %s", ridge.validationMrr(),
              contrastive.validationMrr(), keepRidge ? "ridge" : "contrastive"));
          yield keepRidge ? ridge : contrastive;
        }
      };
      scores.put(fit.objective(), fit.validationMrr());
      TowerInfo info = info(base, store, options, train, validation.size(), fit);
      String checksum = dev.loupe.core.io.Checksums.sha256(TowerFile.body(base, fit.weights(), mean, info));
      TrainedTextTower tower = new TrainedTextTower(base, fit.weights(), mean, info, checksum);
      CrossModalRecall report = CrossModalRecall.measure(tower.project(heldRows), heldImages, groups);
      return new Trained(tower, base, fit.weights(), mean, report, fit.scoreByLambda(), fit.epochs(), scores,
          (System.nanoTime() - start) / 1_000_000);
    } catch (RuntimeException | IOException e) {
      base.close(); // the caller gets no tower to close
      throw e;
    }
  }

  /** What either objective produces: the weights and the choices made on the held-back pairs. */
  private record Fit(Objective objective, float[][] weights, double lambda, Map<Double, Double> scoreByLambda,
      int epochs, double logitScale, double validationMrr) {}

  private static Fit ridge(TextBase base, List<WordFeatures.Row> rows, List<Pair> train, float[] mean,
      List<WordFeatures.Row> heldRows, double[][] heldImages) {
    float[][] targets = new float[train.size()][];
    for (int i = 0; i < targets.length; i++) targets[i] = minus(train.get(i).vector(), mean);
    Map<Double, Double> scores = new TreeMap<>();
    double bestScore = -1;
    float[][] best = null;
    double[][] bestTexts = null;
    double bestLambda = 0;
    for (double lambda : LAMBDAS) {
      float[][] w = Ridge.solve(rows, targets, base.size(), lambda);
      double[][] texts = Dense.toDouble(TrainedTextTower.project(heldRows, w, mean));
      double mrr = ContrastiveFit.meanReciprocalRank(texts, heldImages);
      scores.put(lambda, mrr);
      if (mrr > bestScore) {
        bestScore = mrr;
        best = w;
        bestTexts = texts;
        bestLambda = lambda;
      }
    }
    // Least squares has no temperature: the zero-shot one is fitted on the held-back pairs afterwards.
    double scale = InfoNce.fitScale(bestTexts, heldImages);
    return new Fit(Objective.RIDGE, best, bestLambda, scores, 0, scale, bestScore);
  }

  private static Fit contrastive(TextBase base, List<WordFeatures.Row> rows, List<Pair> train, Centering centering,
      List<WordFeatures.Row> heldRows, double[][] heldImages, long seed, Consumer<String> log) {
    float[][] images = train.stream().map(p -> centering.apply(p.vector())).toArray(float[][]::new);
    ContrastiveFit.Result r = ContrastiveFit.fit(rows, images, base.size(), heldRows, heldImages,
        ContrastiveFit.Settings.DEFAULTS.withSeed(seed), log);
    return new Fit(Objective.CONTRASTIVE, r.weights(), 0, Map.of(), r.epochs(), r.logitScale(), r.validationMrr());
  }

  private static TowerInfo info(TextBase base, ItemStore store, Options o, List<Pair> train, int held, Fit fit)
      throws IOException {
    List<String> probes = train.stream().map(Pair::id).limit(TowerIdentity.PROBES).toList();
    String identity = TowerIdentity.indexChecksum(store, probes).orElseThrow();
    return new TowerInfo(store.spec().embedder().name(), TowerIdentity.embedderChecksum(store.spec().embedder()),
        identity, probes, o.column(), o.fromLabels(), o.seed(), o.validation(), fit.lambda(), train.size(), held,
        base.name(), base.checksum(), fit.objective().label(), fit.logitScale());
  }

  private static List<Pair> pairs(List<Item> items, Map<String, float[]> vectors, Options o) {
    String column = o.column();
    TreeSet<String> columns = new TreeSet<>();
    List<Pair> pairs = new ArrayList<>();
    int present = 0;
    for (Item item : items) {
      columns.addAll(item.metadata().keySet());
      String value = item.metadata().get(column);
      if (value != null) present++;
      if (value == null || value.isBlank() || !vectors.containsKey(item.id())) continue;
      String text = o.fromLabels() ? "a photo of a " + value.strip() : value.strip();
      String group = o.groupColumn() == null ? null : item.metadata().getOrDefault(o.groupColumn(), "");
      pairs.add(new Pair(item.id(), item.path(), text, vectors.get(item.id()), group));
    }
    if (present == 0) {
      throw new IllegalArgumentException("column " + column + " is not in this index's metadata (its columns: "
          + (columns.isEmpty() ? "none" : String.join(", ", columns)) + ")");
    }
    if (o.groupColumn() != null && !columns.contains(o.groupColumn())) {
      throw new IllegalArgumentException("column " + o.groupColumn() + " is not in this index's metadata (its columns: "
          + String.join(", ", columns) + ")");
    }
    if (pairs.size() * 2 < items.size()) {
      throw new IllegalArgumentException("column " + column + " is empty for " + (items.size() - pairs.size()) + " of "
          + items.size() + " items; a text tower needs text for at least half of them");
    }
    if (pairs.size() < MIN_PAIRS) {
      throw new IllegalArgumentException("only " + pairs.size() + " items have text in column " + column
          + "; training a text tower needs at least " + MIN_PAIRS);
    }
    return pairs;
  }

  private static float[] mean(ItemStore store, Map<String, float[]> vectors) throws IOException {
    Optional<GalleryMean> gallery = store.galleryMean();
    if (gallery.isPresent() && gallery.get().count() > 0) return gallery.get().mean();
    int d = store.spec().embedder().dimension();
    double[] sum = new double[d];
    // Sorted ids: the same sum in the same order, so the same mean to the last bit.
    for (String id : new TreeSet<>(vectors.keySet())) {
      float[] v = vectors.get(id);
      for (int c = 0; c < d; c++) sum[c] += v[c];
    }
    return new GalleryMean(sum, vectors.size()).mean();
  }

  private static float[] minus(float[] v, float[] mean) {
    float[] out = new float[v.length];
    for (int c = 0; c < v.length; c++) out[c] = v[c] - mean[c];
    return out;
  }
}
