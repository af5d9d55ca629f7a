package dev.loupe.eval;

import dev.loupe.core.embed.Embedder;
import dev.loupe.engine.projection.ProjectedEmbedder;
import dev.loupe.engine.projection.Projection;
import dev.loupe.engine.projection.ProjectionTrainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * How a configuration with a {@link ProjectionLever} is evaluated without any query's own label training the map
 * that ranks it. Queries outside the gallery (caltech20's test split) are ranked through one map trained on the
 * gallery's labels. Leave-one-out queries (each query is a gallery item) are cross-fitted: the gallery is split in
 * two seeded halves, a map is trained on each half's labels, and each query is ranked through the map of the half
 * it is not in. Every query is still evaluated, so the numbers compare with the configuration without the lever.
 */
final class ProjectionPlan {
  /** Fixes which classes are "seen" and how leave-one-out galleries are split: the same every run. */
  static final long SEED = 42;

  /** Queries ranked through one embedder (the bare one, or one projected). */
  record Part(Embedder embedder, List<EvalQuery> queries) {}

  /** Trained maps of one run, shared by its configurations that differ only in other levers. */
  static final class Cache {
    private final Map<String, ProjectedEmbedder> maps = new HashMap<>();
  }

  private ProjectionPlan() {}

  /**
   * @param ownVectors each gallery file's own (unaugmented) vector from the bare embedder
   */
  static List<Part> parts(EvalDataset ds, EvalConfig config, Embedder embedder, Map<Path, float[]> ownVectors,
      Cache cache, Consumer<String> log) {
    ProjectionLever lever = config.projection();
    Set<String> seen = seenClasses(ds);
    List<EvalQuery> queries = new ArrayList<>();
    for (EvalQuery q : ds.queries()) {
      boolean isSeen = seen.contains(q.label());
      if (lever.classes() == ProjectionLever.Classes.ALL || (lever.classes() == ProjectionLever.Classes.SEEN) == isSeen) {
        queries.add(q);
      }
    }
    if (!lever.train()) return List.of(new Part(embedder, queries));
    Set<String> labels = lever.classes() == ProjectionLever.Classes.ALL ? null : seen;
    List<EvalQuery> outside = queries.stream().filter(q -> q.exclude() == null).toList();
    List<Part> parts = new ArrayList<>();
    if (!outside.isEmpty()) {
      parts.add(new Part(trained(ds, config, embedder, ownVectors, labels, null, -1, cache, log), outside));
    }
    List<EvalQuery> inside = queries.stream().filter(q -> q.exclude() != null).toList();
    if (!inside.isEmpty()) {
      List<Set<String>> folds = folds(ds);
      for (int f = 0; f < 2; f++) {
        Set<String> fold = folds.get(f);
        List<EvalQuery> mine = inside.stream().filter(q -> fold.contains(q.exclude())).toList();
        // Trained on the other fold: no query here has its label among the training items.
        if (!mine.isEmpty()) {
          parts.add(new Part(trained(ds, config, embedder, ownVectors, labels, folds.get(1 - f), 1 - f, cache, log), mine));
        }
      }
    }
    return parts;
  }

  /** A fixed half of the gallery's classes (rounded down), chosen by {@link #SEED}. */
  static Set<String> seenClasses(EvalDataset ds) {
    List<String> classes = new ArrayList<>(new TreeSet<>(ds.gallery().stream().map(EvalImage::label)
        .filter(l -> !l.isEmpty()).toList()));
    Collections.shuffle(classes, new Random(SEED));
    return new HashSet<>(classes.subList(0, classes.size() / 2));
  }

  /** The gallery ids in two seeded halves. */
  private static List<Set<String>> folds(EvalDataset ds) {
    List<String> ids = new ArrayList<>(new TreeSet<>(ds.gallery().stream().map(EvalImage::id).toList()));
    Collections.shuffle(ids, new Random(SEED));
    List<Set<String>> folds = List.of(new HashSet<>(), new HashSet<>());
    for (int i = 0; i < ids.size(); i++) folds.get(i % 2).add(ids.get(i));
    return folds;
  }

  /**
   * @param labels classes whose labels may train (null = all)
   * @param items gallery ids whose labels may train (null = all)
   */
  private static ProjectedEmbedder trained(EvalDataset ds, EvalConfig config, Embedder embedder,
      Map<Path, float[]> ownVectors, Set<String> labels, Set<String> items, int fold, Cache cache,
      Consumer<String> log) {
    // seen and unseen train on the same labels (the seen half's): one map serves both.
    int d = config.projection().dimension();
    String key = config.embedder() + "/project" + (d < 0 ? "" : "=" + d) + "/"
        + (labels == null ? "all classes" : "seen classes") + "/" + (items == null ? "all items" : "fold " + fold);
    ProjectedEmbedder known = cache.maps.get(key);
    if (known != null) return known;
    List<ProjectionTrainer.Labelled> training = new ArrayList<>();
    for (EvalImage g : ds.gallery()) {
      float[] v = ownVectors.get(g.file());
      if (v == null || g.label().isEmpty()) continue;
      if ((labels == null || labels.contains(g.label())) && (items == null || items.contains(g.id()))) {
        training.add(new ProjectionTrainer.Labelled(g.id(), v, g.label()));
      }
    }
    ProjectionTrainer.Settings settings = d < 0 ? ProjectionTrainer.Settings.DEFAULTS
        : ProjectionTrainer.Settings.DEFAULTS.withDimension(d);
    ProjectionTrainer.Result r = ProjectionTrainer.train(training, settings, line -> {});
    log.accept(String.format(java.util.Locale.ROOT, "projection for %s: %d training items in %d classes, "
        + "%d epochs (best %d), validation mAP %.4f (%.4f without)%s", key, r.trainItems(), r.classes(), r.epochs(),
        r.bestEpoch(), r.validationMap(), r.validationMapWithout(),
        r.skippedClasses().isEmpty() ? "" : "; skipped " + r.skippedClasses().size() + " classes under 2 items"));
    Projection p = r.projection();
    ProjectedEmbedder projected = new ProjectedEmbedder(embedder, p, key);
    cache.maps.put(key, projected);
    return projected;
  }

  /** Maps precomputed vectors of the bare embedder through a part's embedder. */
  static List<float[]> through(Embedder part, List<float[]> vectors) {
    if (!(part instanceof ProjectedEmbedder p)) return vectors;
    List<float[]> out = new ArrayList<>(vectors.size());
    for (float[] v : vectors) out.add(p.projection().apply(v));
    return out;
  }
}
