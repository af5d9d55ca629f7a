package dev.loupe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.core.query.Hit;
import dev.loupe.report.ContactSheet;
import dev.loupe.report.SheetRow;
import dev.loupe.report.SheetStyle;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "show", mixinStandardHelpOptions = true,
    description = {"Draw a contact sheet from search results in JSON lines: one row per query, the query then its "
        + "hits with rank, score and caption.",
        "Example: loupe search -i IDX -f jsonl q1.jpg q2.jpg | loupe show -o sheet.png --truth folder"})
final class ShowCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "JSONL", arity = "0..1", description = "Results of 'loupe search -f jsonl' (default: stdin).")
  Path input;

  @Option(names = {"-o", "--out"}, paramLabel = "PNG", required = true, description = "The PNG to write.")
  Path out;

  @Option(names = {"-k", "--top"}, paramLabel = "N", defaultValue = "10", description = "Hits per row at most (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--thumb", paramLabel = "PX", defaultValue = "160", description = "Thumbnail size (default: ${DEFAULT-VALUE}).")
  int thumb;

  @Mixin SheetOptions sheet;

  @Override
  public Integer call() throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<SheetRow> rows = new ArrayList<>();
    try (BufferedReader in = input == null
        ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
        : Files.newBufferedReader(input)) {
      String line;
      int n = 0;
      while ((line = in.readLine()) != null) {
        n++;
        if (line.isBlank()) continue;
        JsonNode node;
        try {
          node = json.readTree(line);
        } catch (Exception e) {
          throw new ErrorHandler.UsageException("line " + n + " is not JSON (expected 'loupe search -f jsonl' output)");
        }
        if (node.get("query") == null || node.get("hits") == null) {
          throw new ErrorHandler.UsageException("line " + n + " has no 'query' and 'hits' (expected 'loupe search -f jsonl' output)");
        }
        List<Hit> hits = new ArrayList<>();
        for (JsonNode h : node.get("hits")) {
          if (hits.size() == k) break;
          Map<String, String> meta = new LinkedHashMap<>();
          if (h.has("metadata")) h.get("metadata").fields().forEachRemaining(e -> meta.put(e.getKey(), e.getValue().asText()));
          hits.add(new Hit(h.path("rank").asInt(), h.path("id").asText(), h.path("path").asText(),
              (float) h.path("score").asDouble(), (float) h.path("distance").asDouble(), meta));
        }
        rows.add(sheet.row(node.get("query").asText(), hits));
      }
    }
    if (rows.isEmpty()) throw new ErrorHandler.UsageException("no results to show (empty input)");
    ContactSheet.write(rows, out, SheetStyle.DEFAULT.withThumbnailSize(thumb));
    spec.commandLine().getErr().printf("wrote %s (%d rows)%n", Printable.escape(out), rows.size());
    return 0;
  }
}
