package dev.loupe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.loupe.engine.dedup.DedupResult;
import dev.loupe.engine.dedup.DedupSummary;
import dev.loupe.engine.dedup.DuplicateGroup;
import dev.loupe.engine.dedup.DuplicateMember;
import dev.loupe.engine.query.HitJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** How {@code loupe dedup} prints its groups. Data goes to stdout; text ends with the summary line. */
enum DedupFormat {
  TEXT, JSON, JSONL, CSV;

  static DedupFormat parse(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "text" -> TEXT;
      case "json" -> JSON;
      case "jsonl" -> JSONL;
      case "csv" -> CSV;
      default -> throw new ErrorHandler.UsageException("--format must be text, json, jsonl or csv, got: " + name);
    };
  }

  static final CsvSchema CSV_SCHEMA = CsvSchema.builder().addColumn("group").addColumn("rank").addColumn("id")
      .addColumn("path").addColumn("best").addColumn("exact").addColumn("score").addColumn("width")
      .addColumn("height").build().withHeader();

  void write(DedupResult result, PrintWriter out) throws IOException {
    ObjectMapper json = HitJson.mapper();
    switch (this) {
      case JSON -> out.println(json.writeValueAsString(result));
      case JSONL -> {
        for (DuplicateGroup g : result.groups()) out.println(json.writeValueAsString(g));
      }
      case CSV -> {
        List<List<Object>> rows = new ArrayList<>();
        for (int g = 0; g < result.groups().size(); g++) {
          List<DuplicateMember> members = result.groups().get(g).members();
          for (int r = 0; r < members.size(); r++) {
            DuplicateMember m = members.get(r);
            rows.add(Arrays.asList(g + 1, r + 1, m.id(), m.path(), m.best(), m.exact(), m.score(), m.width(),
                m.height()));
          }
        }
        out.print(new CsvMapper().writer(CSV_SCHEMA).writeValueAsString(rows));
      }
      case TEXT -> text(result, out);
    }
    out.flush();
  }

  private static void text(DedupResult result, PrintWriter out) {
    int n = 0;
    for (DuplicateGroup g : result.groups()) {
      n++;
      out.printf(Locale.ROOT, "group %d: %d items, %d exact copies, %d bytes reclaimable%n", n, g.members().size(),
          g.exactCopies(), g.reclaimableBytes());
      for (DuplicateMember m : g.members()) {
        String kind = m.best() ? "best " : m.exact() ? "exact" : "near ";
        out.printf(Locale.ROOT, "  %s %.4f %5dx%-5d %s%n", kind, m.score(), m.width(), m.height(),
            Printable.escape(m.path()));
      }
    }
    out.println(summary(result));
  }

  /** The closing line: groups, items in them, exact copies, bytes freed by keeping each group's best copy. */
  static String summary(DedupResult result) {
    DedupSummary s = result.summary();
    String how = result.exactOnly() ? "exact copies only"
        : String.format(Locale.ROOT, "threshold %.2f (%s)", result.threshold(), result.thresholdSource());
    return String.format(Locale.ROOT, "%d groups, %d items in groups, %d exact copies, %d bytes reclaimable by "
        + "keeping only each group's best copy; %s", s.groups(), s.items(), s.exactCopies(), s.reclaimableBytes(), how);
  }
}
