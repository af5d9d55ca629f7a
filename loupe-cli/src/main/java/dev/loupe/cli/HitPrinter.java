package dev.loupe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.core.query.Hit;
import dev.loupe.engine.query.HitJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes search results to stdout. {@code jsonl}: one object per query,
 * {@code {"query": ..., "hits": [{"rank", "id", "path", "score", "distance", "metadata"}]}};
 * {@code json}: the same objects in one array; {@code text}: a readable table.
 */
final class HitPrinter implements AutoCloseable {
  enum Format { TEXT, JSON, JSONL }

  // The one serialisation of hits, shared with the server (POST /search answers the same bytes).
  private static final ObjectMapper JSON = HitJson.mapper();

  private final Format format;
  private final PrintWriter out;
  private final Float minScore;
  private int printed;

  HitPrinter(Format format, PrintWriter out, Float minScore) {
    this.format = format;
    this.out = out;
    this.minScore = minScore;
    if (format == Format.JSON) out.print("[");
  }

  void print(String query, List<Hit> hits) throws IOException {
    switch (format) {
      case TEXT -> printText(query, hits);
      case JSONL -> out.println(JSON.writeValueAsString(new HitJson.QueryResult(query, hits)));
      case JSON -> {
        out.print(printed == 0 ? "\n" : ",\n");
        out.print(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(new HitJson.QueryResult(query, hits)));
      }
    }
    printed++;
    out.flush();
  }

  /** Image → text hits: the JSON contract of image search, each hit with its {@code "text"}. */
  void printTexts(String query, List<TextHit> hits) throws IOException {
    switch (format) {
      case TEXT -> {
        out.println(Printable.escape(query));
        if (hits.isEmpty()) out.println("  no match");
        for (TextHit h : hits) {
          out.printf(Locale.ROOT, "  %2d  %.4f  %s  id=%s%n", h.rank(), h.score(), Printable.escape(h.text()),
              Printable.escape(h.id()));
        }
      }
      case JSONL -> out.println(JSON.writeValueAsString(new TextResult(query, hits)));
      case JSON -> {
        out.print(printed == 0 ? "\n" : ",\n");
        out.print(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(new TextResult(query, hits)));
      }
    }
    printed++;
    out.flush();
  }

  /** One text ranked for an image; {@code metadata} holds the CSV row's other columns. */
  record TextHit(int rank, String id, String text, float score, float distance, Map<String, String> metadata) {}

  record TextResult(String query, List<TextHit> hits) {}

  private void printText(String query, List<Hit> hits) {
    out.println(Printable.escape(query));
    if (hits.isEmpty()) {
      out.println(minScore != null
          ? String.format(Locale.ROOT, "  no close match (no hit scored %.4f or more)", minScore)
          : "  no match (the index is empty or nothing passed the filters)");
    }
    for (Hit h : hits) {
      out.printf(Locale.ROOT, "  %2d  %.4f  %s%s%n", h.rank(), h.score(), Printable.escape(h.path()), metadataText(h));
    }
  }

  private static String metadataText(Hit h) {
    StringBuilder sb = new StringBuilder();
    if (!h.id().equals(h.path())) sb.append("  id=").append(Printable.escape(h.id()));
    for (Map.Entry<String, String> e : new TreeMap<>(h.metadata()).entrySet()) {
      sb.append("  ").append(Printable.escape(e.getKey())).append('=').append(Printable.escape(e.getValue()));
    }
    return sb.toString();
  }

  @Override
  public void close() {
    if (format == Format.JSON) out.println(printed == 0 ? "]" : "\n]");
    out.flush();
  }
}
