package dev.loupe.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Text ↔ image results of several models: a table (recall@K with chance beside it, median rank) and JSON. */
public record TextEvalReport(String dataset, Map<String, List<TextRetrieval.Result>> byModel, List<Integer> ks) {
  public TextEvalReport {
    byModel = new LinkedHashMap<>(byModel);
    ks = List.copyOf(ks);
  }

  public String table() {
    StringBuilder sb = new StringBuilder();
    boolean grouped = byModel.values().stream().flatMap(List::stream).anyMatch(r -> r.groupPrecisionAt10() != null);
    int width = Math.max(28, byModel.keySet().stream().mapToInt(String::length).max().orElse(0));
    sb.append(String.format(Locale.ROOT, "%-" + width + "s %-11s %7s %7s", "model", "direction", "queries", "targets"));
    for (int k : ks) sb.append(String.format(Locale.ROOT, " %8s %8s", "R@" + k, "chance"));
    sb.append(String.format(Locale.ROOT, " %8s %8s", "medRank", "chance"));
    if (grouped) sb.append(String.format(Locale.ROOT, " %8s %8s", "grpP@10", "chance"));
    sb.append(System.lineSeparator());
    byModel.forEach((model, results) -> {
      for (TextRetrieval.Result r : results) {
        sb.append(String.format(Locale.ROOT, "%-" + width + "s %-11s %7d %7d", model, r.direction(), r.queries(),
            r.targets()));
        for (int k : ks) {
          sb.append(String.format(Locale.ROOT, " %8.3f %8.3f", r.recall().get(k), r.chance().get(k)));
        }
        sb.append(String.format(Locale.ROOT, " %8.1f %8.1f", r.medianRank(), r.chanceMedianRank()));
        if (r.groupPrecisionAt10() != null) {
          sb.append(String.format(Locale.ROOT, " %8.3f %8.3f", r.groupPrecisionAt10(), r.groupChance()));
        }
        sb.append(System.lineSeparator());
      }
    });
    return sb.toString();
  }

  public String json() {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .writeValueAsString(Map.of("dataset", dataset, "ks", ks, "results", byModel));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e); // plain records and maps always serialise
    }
  }
}
