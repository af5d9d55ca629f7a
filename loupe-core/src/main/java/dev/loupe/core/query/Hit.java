package dev.loupe.core.query;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One search result.
 *
 * @param rank 1-based position in the ranking
 * @param id the item's stable id
 * @param path the item's image path or URI
 * @param score similarity, higher = more similar, for every metric
 * @param distance the metric's raw distance, lower = closer
 * @param metadata the item's metadata fields
 */
public record Hit(int rank, String id, String path, float score, float distance, Map<String, String> metadata) {
  public Hit {
    // Sorted by name: a hit prints, and serialises to JSON, the same whatever store or JVM it came from.
    metadata = Collections.unmodifiableSortedMap(new TreeMap<>(Map.copyOf(metadata)));
  }
}
