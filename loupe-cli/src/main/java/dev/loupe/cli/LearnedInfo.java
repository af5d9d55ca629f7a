package dev.loupe.cli;

import dev.loupe.engine.feedback.JudgementLog;
import dev.loupe.engine.projection.ProjectionFile;
import dev.loupe.engine.projection.ProjectionInfo;
import dev.loupe.engine.ranking.RankFeatures;
import dev.loupe.engine.ranking.RankingFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code loupe info} says about judgements, the learned ranking and the trained projection of an index:
 * nothing for an index that has none of them, so its description stays as it was.
 */
final class LearnedInfo {
  private LearnedInfo() {}

  static void put(Map<String, Object> info, Path index, String embedder, int dimension) throws IOException {
    Path log = index.resolve(JudgementLog.NAME);
    if (Files.exists(log)) {
      long lines;
      try (var all = Files.lines(log)) {
        lines = all.count();
      }
      info.put("judgements", lines + " (at most " + JudgementLog.MAX_RECORDS + ")");
    }
    var projection = ProjectionFile.read(index);
    projection.ifPresent(p -> info.put("projection", describe(p, embedder, dimension)));
    var ranking = RankingFile.read(index);
    if (ranking.isEmpty()) return; // the index ranks by its own score, as every index without one
    var r = ranking.get();
    Map<String, Object> out = new LinkedHashMap<>();
    boolean applies = r.matches(RankFeatures.NAMES) && r.embedder().equals(embedder);
    out.put("applied", !applies ? "no (learned for " + r.embedder() + " or other levers)"
        : projection.isPresent() ? "no (the projection applies)" : "yes");
    r.weightsByName().forEach((name, w) -> out.put(name, Math.round(w * 1000) / 1000.0));
    out.put("learned", r.learned());
    out.put("heldOutAccuracy", Math.round(r.heldAccuracy() * 10000) / 10000.0 + " (replaced "
        + Math.round(r.replacedAccuracy() * 10000) / 10000.0 + ")");
    info.put("ranking", out);
  }

  private static Map<String, Object> describe(ProjectionFile.Saved saved, String embedder, int dimension) {
    ProjectionInfo p = saved.info();
    Map<String, Object> out = new LinkedHashMap<>();
    boolean applies = p.embedder().equals(embedder) && saved.projection().inputDimension() == dimension;
    out.put("applied", applies ? "yes" : "no (trained for " + p.embedder() + ")");
    out.put("dimensions", saved.projection().inputDimension() + " -> " + saved.projection().outputDimension());
    out.put("label", p.label());
    out.put("classes", p.classes());
    out.put("validationMap", Math.round(p.validationMap() * 10000) / 10000.0 + " (without "
        + Math.round(p.validationMapWithout() * 10000) / 10000.0 + ")");
    return out;
  }
}
