package dev.loupe.engine.projection;

import dev.loupe.engine.learn.Adam;
import dev.loupe.engine.learn.Dense;
import dev.loupe.engine.learn.EarlyStopping;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Learns a {@link Projection} from labelled vectors of a frozen embedder with the {@link ProxyLoss}, by Adam on
 * seeded mini-batches. The items are split per class (stratified, by item): after each epoch the validation items
 * rank all labelled items by the projected cosine, and training stops when their mean average precision has not
 * improved for {@code patience} epochs; the best epoch's map is kept, and with output = input the start (the
 * identity) counts as epoch 0, so a map that never beats the embedder on validation items is reported as such.
 */
public final class ProjectionTrainer {
  /** Fewest labelled items (in classes of at least two) worth training on. */
  public static final int MIN_ITEMS = 20;
  /** A class needs this many items to train: one to pull towards, one to be pulled. */
  public static final int MIN_CLASS_ITEMS = 2;

  private ProjectionTrainer() {}

  /**
   * @param dimension output dimension; 0 = the input's (the map starts as the identity). The default, 256, is
   *     a fifth of the work of 1280 → 1280 per epoch and ranked caltech20's test photos as well or better
   *     (docs/projection.md); it also shrinks the vectors a search compares
   * @param batch items per step
   * @param learningRate Adam's step size for the map, the proxies and the temperature
   * @param maxEpochs bound on the passes over the training items
   * @param patience epochs without a better validation mAP before stopping
   * @param validation fraction of each class held back for early stopping
   */
  public record Settings(int dimension, int batch, double learningRate, int maxEpochs, int patience,
      double validation, long seed) {
    public static final Settings DEFAULTS = new Settings(256, 64, 1e-3, 100, 10, 0.2, 42);
    /** Bounds: the weights hold dimension × input floats; each epoch is a pass over every labelled item. */
    public static final int MAX_DIMENSION = 4096;
    public static final int MAX_EPOCHS = 10_000;

    public Settings {
      if (dimension > MAX_DIMENSION) {
        throw new IllegalArgumentException("dimension must be at most " + MAX_DIMENSION + ", got: " + dimension);
      }
      if (maxEpochs > MAX_EPOCHS) {
        throw new IllegalArgumentException("epochs must be at most " + MAX_EPOCHS + ", got: " + maxEpochs);
      }
      if (dimension < 0 || batch < 2 || maxEpochs < 1 || patience < 1 || !(learningRate > 0)) {
        throw new IllegalArgumentException("bad projection settings: dimension " + dimension + ", batch " + batch
            + ", learning rate " + learningRate + ", epochs " + maxEpochs + ", patience " + patience);
      }
      if (!(validation >= 0.05 && validation <= 0.5)) {
        throw new IllegalArgumentException("validation must be a fraction between 0.05 and 0.5, got " + validation);
      }
    }

    public Settings withDimension(int d) {
      return new Settings(d, batch, learningRate, maxEpochs, patience, validation, seed);
    }

    public Settings withSeed(long s) {
      return new Settings(dimension, batch, learningRate, maxEpochs, patience, validation, s);
    }

    public Settings withEpochs(int epochs) {
      return new Settings(dimension, batch, learningRate, epochs, patience, validation, seed);
    }
  }

  /** One labelled vector; items without a label are not given to the trainer. */
  public record Labelled(String id, float[] vector, String label) {}

  /**
   * @param projection the kept map
   * @param epochs epochs run
   * @param bestEpoch the epoch whose map was kept (0 = the start)
   * @param validationMap validation items' mAP with the kept map
   * @param validationMapWithout their mAP by the embedder's own cosine
   * @param skippedClasses classes with fewer than {@link #MIN_CLASS_ITEMS} items, and their counts
   */
  public record Result(Projection projection, int epochs, int bestEpoch, double validationMap,
      double validationMapWithout, int trainItems, int validationItems, int classes,
      Map<String, Integer> skippedClasses) {}

  public static Result train(List<Labelled> items, Settings settings, Consumer<String> log) {
    List<Labelled> sorted = new ArrayList<>(items);
    sorted.sort(Comparator.comparing(Labelled::id)); // the same input order, whatever order they came in
    Map<String, List<Labelled>> byClass = new TreeMap<>();
    for (Labelled l : sorted) byClass.computeIfAbsent(l.label(), k -> new ArrayList<>()).add(l);
    Map<String, Integer> skipped = new LinkedHashMap<>();
    byClass.forEach((c, list) -> {
      if (list.size() < MIN_CLASS_ITEMS) skipped.put(c, list.size());
    });
    skipped.keySet().forEach(byClass::remove);
    int kept = byClass.values().stream().mapToInt(List::size).sum();
    if (byClass.size() < 2 || kept < MIN_ITEMS) {
      throw new IllegalArgumentException("only " + kept + " labelled items in " + byClass.size() + " classes of at "
          + "least " + MIN_CLASS_ITEMS + " items; training a projection needs at least " + MIN_ITEMS
          + " items in 2 classes");
    }
    int input = sorted.getFirst().vector().length;
    int output = settings.dimension() == 0 ? input : settings.dimension();

    // Stratified split by item: every class keeps at least one training item (its proxy needs one).
    Random random = new Random(settings.seed());
    List<String> classNames = new ArrayList<>(byClass.keySet());
    List<double[]> train = new ArrayList<>();
    List<Integer> trainLabels = new ArrayList<>();
    List<double[]> all = new ArrayList<>();
    List<Integer> allLabels = new ArrayList<>();
    List<Integer> validationRows = new ArrayList<>();
    for (int c = 0; c < classNames.size(); c++) {
      List<Labelled> members = new ArrayList<>(byClass.get(classNames.get(c)));
      Collections.shuffle(members, random);
      int held = Math.min(members.size() - 1, (int) Math.round(members.size() * settings.validation()));
      for (int i = 0; i < members.size(); i++) {
        double[] v = toDouble(members.get(i).vector());
        if (i < held) validationRows.add(all.size());
        else {
          train.add(v);
          trainLabels.add(c);
        }
        all.add(v);
        allLabels.add(c);
      }
    }
    if (validationRows.isEmpty()) {
      throw new IllegalArgumentException("no class has enough items to hold some back for validation (--validation "
          + settings.validation() + ")");
    }
    double[][] x = train.toArray(double[][]::new);
    int[] labels = trainLabels.stream().mapToInt(Integer::intValue).toArray();
    double[][] everything = all.toArray(double[][]::new);
    int[] everyLabel = allLabels.stream().mapToInt(Integer::intValue).toArray();
    int[] queries = validationRows.stream().mapToInt(Integer::intValue).toArray();

    double[] mean = new double[input];
    for (double[] v : x) Dense.axpy(1.0 / x.length, v, mean);
    LinearMap map = LinearMap.initial(input, output, mean, random);
    double[][] proxies = classMeans(map.forward(x).unit(), labels, classNames.size());
    double[] logScale = {Math.log(1 / 0.1)};
    Adam mapSteps = new Adam(map.weights.length, settings.learningRate());
    List<Adam> proxySteps = new ArrayList<>();
    for (int c = 0; c < proxies.length; c++) proxySteps.add(new Adam(output, settings.learningRate()));
    Adam scaleSteps = new Adam(1, settings.learningRate());

    double without = meanAveragePrecision(unit(everything), everyLabel, queries);
    LinearMap best = map.copy();
    EarlyStopping stopping = new EarlyStopping(settings.maxEpochs(), settings.patience());
    // The start is epoch 0 only when it is the identity: a random start is no candidate to keep.
    if (output == input) stopping.record(meanAveragePrecision(map.forward(everything).unit(), everyLabel, queries));
    log.accept(String.format(Locale.ROOT, "%d training and %d validation items in %d classes; validation mAP "
        + "without projection %.4f", x.length, queries.length, classNames.size(), without));
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < x.length; i++) order.add(i);
    while (stopping.more()) {
      Collections.shuffle(order, random);
      double loss = 0;
      int batches = 0;
      for (int start = 0; start < order.size(); start += settings.batch()) {
        List<Integer> batch = order.subList(start, Math.min(order.size(), start + settings.batch()));
        double[][] bx = batch.stream().map(i -> x[i]).toArray(double[][]::new);
        int[] by = batch.stream().mapToInt(i -> labels[i]).toArray();
        LinearMap.Forward f = map.forward(bx);
        ProxyLoss.Gradient g = ProxyLoss.of(f.unit(), by, proxies, logScale[0]);
        mapSteps.step(map.weights, map.backward(f, g.items()));
        for (int c = 0; c < proxies.length; c++) proxySteps.get(c).step(proxies[c], g.proxies()[c]);
        scaleSteps.step(logScale, new double[] {g.logScale()});
        logScale[0] = Math.min(logScale[0], MAX_LOG_SCALE);
        loss += g.loss();
        batches++;
      }
      double score = meanAveragePrecision(map.forward(everything).unit(), everyLabel, queries);
      log.accept(String.format(Locale.ROOT, "epoch %d: loss %.4f, validation mAP %.4f, temperature %.1f",
          stopping.epoch(), loss / batches, score, Math.exp(logScale[0])));
      if (stopping.record(score)) best = map.copy();
    }
    Projection projection = new Projection(best.weightRows(), toFloat(mean));
    return new Result(projection, stopping.epoch(), stopping.bestEpoch(), stopping.bestScore(), without, x.length,
        queries.length, classNames.size(), skipped);
  }

  /** The largest logit scale, as the text tower's: beyond it the loss only sharpens ties. */
  static final double MAX_LOG_SCALE = Math.log(100);

  /** Each class's mean unit vector: where its proxy starts, so the first epochs refine rather than search. */
  private static double[][] classMeans(double[][] unit, int[] labels, int classes) {
    double[][] means = new double[classes][unit[0].length];
    for (int b = 0; b < unit.length; b++) Dense.axpy(1, unit[b], means[labels[b]]);
    return means;
  }

  /**
   * Mean over the query rows of the average precision of ranking every other row by cosine, relevant = same
   * label. Ties are broken by row, so the number is deterministic.
   */
  static double meanAveragePrecision(double[][] unit, int[] labels, int[] queries) {
    double[] ap = new double[queries.length];
    Dense.forEachRow(queries.length, qi -> {
      int q = queries[qi];
      int n = unit.length;
      Integer[] order = new Integer[n - 1];
      double[] score = new double[n];
      int relevant = 0;
      for (int i = 0, j = 0; i < n; i++) {
        if (i == q) continue;
        score[i] = Dense.dot(unit[q], unit[i]);
        order[j++] = i;
        if (labels[i] == labels[q]) relevant++;
      }
      java.util.Arrays.sort(order, (a, b) -> score[a] != score[b] ? Double.compare(score[b], score[a]) : a - b);
      double sum = 0;
      int hits = 0;
      for (int r = 0; r < order.length; r++) {
        if (labels[order[r]] == labels[q]) sum += (double) ++hits / (r + 1);
      }
      ap[qi] = relevant == 0 ? 0 : sum / relevant;
    });
    double s = 0;
    for (double a : ap) s += a;
    return s / ap.length;
  }

  private static double[][] unit(double[][] v) {
    double[][] out = new double[v.length][];
    for (int i = 0; i < v.length; i++) {
      double norm = Dense.norm(v[i]);
      out[i] = v[i].clone();
      if (norm > 0) for (int k = 0; k < out[i].length; k++) out[i][k] /= norm;
    }
    return out;
  }

  private static double[] toDouble(float[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) out[i] = v[i];
    return out;
  }

  private static float[] toFloat(double[] v) {
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) out[i] = (float) v[i];
    return out;
  }
}
