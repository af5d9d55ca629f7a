package dev.loupe.lucene;

import dev.loupe.core.index.IndexSpec;

/** Human-readable differences between two index specs, for refusal messages. */
final class SpecDifferences {
  private SpecDifferences() {}

  /** The differences as {@code "what existing vs requested; ..."}; empty when the specs are equal. */
  static String describe(IndexSpec existing, IndexSpec requested) {
    StringBuilder out = new StringBuilder(existing.embedder().differencesTo(requested.embedder()));
    if (existing.metric() != requested.metric()) {
      append(out, "metric " + existing.metric().label() + " vs " + requested.metric().label());
    }
    IndexSpec.HnswParams a = existing.hnsw();
    IndexSpec.HnswParams b = requested.hnsw();
    if (a.maxConn() != b.maxConn()) append(out, "hnsw.maxConn " + a.maxConn() + " vs " + b.maxConn());
    if (a.beamWidth() != b.beamWidth()) append(out, "hnsw.beamWidth " + a.beamWidth() + " vs " + b.beamWidth());
    if (a.vectorFormat() != b.vectorFormat()) append(out, "hnsw.vectorFormat " + a.vectorFormat() + " vs " + b.vectorFormat());
    IndexSpec.Levers x = existing.levers();
    IndexSpec.Levers y = requested.levers();
    if (x.center() != y.center()) append(out, "levers.center " + x.center() + " vs " + y.center());
    if (x.augmentViews() != y.augmentViews()) {
      append(out, "levers.augmentViews " + x.augmentViews() + " vs " + y.augmentViews());
    }
    return out.toString();
  }

  private static void append(StringBuilder out, String difference) {
    if (!out.isEmpty()) out.append("; ");
    out.append(difference);
  }
}
