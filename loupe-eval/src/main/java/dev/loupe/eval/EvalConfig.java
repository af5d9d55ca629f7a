package dev.loupe.eval;

import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.query.Metric;
import dev.loupe.engine.query.QueryOptions;
import dev.loupe.engine.rerank.KReciprocal;
import java.util.List;
import java.util.Locale;

/**
 * One configuration to evaluate: an embedder, a metric and levers, written {@code EMBEDDER[/METRIC][/LEVER...]},
 * e.g. {@code mobilenetv2-tf2-ptq/cosine/center}, {@code pixels-16/l1},
 * {@code mobilenetv2-tf2-ptq+squeezenet1.1/cosine}, {@code mobilenetv2-tf2-ptq/qe=5}. Levers: {@code center},
 * {@code augment=N}, {@code tta=N}, {@code crops=N}, {@code qe=N}, {@code qe-alpha=A}, {@code dba=N} (database-side
 * augmentation with N neighbours), {@code dba-alpha=A}, {@code rerank=R} (k-reciprocal re-ranking of the top R)
 * with {@code rerank-k1=K}, {@code rerank-k2=K}, {@code rerank-lambda=L} (defaults: {@link KReciprocal#DEFAULT}), {@code project[=D]},
 * {@code classes=seen|unseen} ({@link ProjectionLever}).
 *
 * @param name the configuration as written
 * @param embedder embedder name (as for {@code loupe index --model})
 * @param metric the metric; null = cosine for unit vectors, L2 otherwise
 * @param levers index-time levers
 * @param query query-time levers
 * @param projection a projection learned from the gallery's labels, and which classes count
 */
public record EvalConfig(String name, String embedder, Metric metric, IndexSpec.Levers levers, QueryOptions query,
    ProjectionLever projection) {

  public EvalConfig(String name, String embedder, Metric metric, IndexSpec.Levers levers, QueryOptions query) {
    this(name, embedder, metric, levers, query, ProjectionLever.NONE);
  }

  public static EvalConfig parse(String text) {
    String[] parts = text.trim().split("/");
    if (parts[0].isBlank()) throw new IllegalArgumentException("configuration '" + text + "' names no embedder");
    Metric metric = null;
    boolean center = false;
    int augment = 0;
    int dba = 0;
    double dbaAlpha = IndexSpec.Levers.DEFAULT_DBA_ALPHA;
    QueryOptions q = QueryOptions.NONE;
    ProjectionLever projection = ProjectionLever.NONE;
    for (String part : List.of(parts).subList(1, parts.length)) {
      String p = part.trim().toLowerCase(Locale.ROOT);
      String key = p.contains("=") ? p.substring(0, p.indexOf('=')) : p;
      String value = p.contains("=") ? p.substring(p.indexOf('=') + 1) : null;
      try {
        switch (key) {
          case "center", "centre", "centering" -> center = true;
          case "augment" -> augment = Integer.parseInt(value);
          case "tta" -> q = q.withTta(Integer.parseInt(value));
          case "crops" -> q = q.withCrops(Integer.parseInt(value));
          case "qe" -> q = q.withQe(Integer.parseInt(value), q.qeAlpha());
          case "qe-alpha" -> q = q.withQe(q.qeTop(), Double.parseDouble(value));
          case "dba" -> dba = Integer.parseInt(value);
          case "dba-alpha" -> dbaAlpha = Double.parseDouble(value);
          case "rerank" -> q = q.withRerank(Integer.parseInt(value));
          case "rerank-k1" -> q = q.withRerankMethod(new KReciprocal(Integer.parseInt(value),
              q.rerankMethod().k2(), q.rerankMethod().lambda()));
          case "rerank-k2" -> q = q.withRerankMethod(new KReciprocal(q.rerankMethod().k1(),
              Integer.parseInt(value), q.rerankMethod().lambda()));
          case "rerank-lambda" -> q = q.withRerankMethod(new KReciprocal(q.rerankMethod().k1(),
              q.rerankMethod().k2(), Double.parseDouble(value)));
          case "project" -> projection = projection.withTrain(value == null ? -1 : Integer.parseInt(value));
          case "classes" -> projection = projection.withClasses(ProjectionLever.Classes.parse(value));
          default -> {
            if (metric != null || value != null) throw new IllegalArgumentException("unknown lever");
            metric = Metric.parse(p);
          }
        }
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("bad part '" + part + "' in configuration '" + text + "': expected a metric "
            + "(cosine, dot, l2, l1, correlation) or a lever (center, augment=N, tta=N, crops=N, qe=N, qe-alpha=A, dba=N, dba-alpha=A, "
            + "rerank=R, rerank-k1=K, rerank-k2=K, rerank-lambda=L, project[=D], classes=seen|unseen)", e);
      }
    }
    if (dba > 0 && augment > 0) {
      throw new IllegalArgumentException("configuration '" + text + "': dba and augment do not combine (an item's "
          + "augmented vector replaces its own; the extra views would stay raw)");
    }
    IndexSpec.Levers levers;
    try {
      levers = new IndexSpec.Levers(center, augment).withDba(dba, dbaAlpha);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad levers in configuration '" + text + "': " + e.getMessage(), e);
    }
    return new EvalConfig(text.trim(), parts[0].trim(), metric, levers, q, projection);
  }
}
