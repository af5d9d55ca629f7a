package dev.loupe.engine.query;

import dev.loupe.core.index.ItemStore;
import dev.loupe.core.query.Hit;
import dev.loupe.core.query.SearchRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Groups of near-duplicate items: every item's own vector is searched against the index, the neighbours scoring
 * at least {@code threshold} are linked to it, and linked items form one group (connected components, so a chain
 * a~b~c is one group even if a and c are further apart than the threshold). Scores are the index's metric, the
 * same as {@code loupe search}'s, so a threshold read off search results means the same here.
 */
public final class Duplicates {
  private Duplicates() {}

  /**
   * One group: its ids sorted, and the lowest score among the links found between its members (how loose the
   * group is; at least the threshold).
   */
  public record Group(List<String> ids, float minScore) {}

  /**
   * The groups of two or more items, largest first, then by first id.
   *
   * @param neighbours how many neighbours of each item are looked at (bounds the work: one search per item)
   * @param maxItems refuse an index larger than this (one search per item would take too long)
   * @throws IllegalArgumentException when the index holds more than {@code maxItems} items
   */
  public static List<Group> find(ItemStore store, float threshold, int neighbours, int maxItems) throws IOException {
    if (Float.isNaN(threshold)) throw new IllegalArgumentException("threshold must be a number, got: NaN");
    if (neighbours < 1) throw new IllegalArgumentException("neighbours must be at least 1, got: " + neighbours);
    int size = store.size();
    if (size > maxItems) {
      throw new IllegalArgumentException("the index holds " + size + " items, more than the duplicates bound of "
          + maxItems);
    }
    Map<String, float[]> vectors = new TreeMap<>();
    store.forEachVector(vectors::put);
    Map<String, String> parent = new HashMap<>();
    Map<String, Float> loosest = new HashMap<>();
    // +1: an item finds itself first.
    SearchRequest request = SearchRequest.topK(neighbours + 1).withMinScore(threshold);
    for (Map.Entry<String, float[]> e : vectors.entrySet()) {
      for (Hit h : store.search(e.getValue(), request)) {
        if (h.id().equals(e.getKey())) continue;
        String a = root(parent, e.getKey());
        String b = root(parent, h.id());
        float low = Math.min(h.score(), Math.min(loosest.getOrDefault(a, Float.POSITIVE_INFINITY),
            loosest.getOrDefault(b, Float.POSITIVE_INFINITY)));
        if (!a.equals(b)) parent.put(b, a);
        loosest.put(a, low);
      }
    }
    Map<String, TreeSet<String>> members = new TreeMap<>();
    for (String id : parent.keySet()) members.computeIfAbsent(root(parent, id), r -> new TreeSet<>()).add(id);
    List<Group> groups = new ArrayList<>();
    for (Map.Entry<String, TreeSet<String>> e : members.entrySet()) {
      e.getValue().add(e.getKey());
      groups.add(new Group(List.copyOf(e.getValue()), loosest.get(e.getKey())));
    }
    groups.sort(Comparator.comparingInt((Group g) -> -g.ids().size()).thenComparing(g -> g.ids().get(0)));
    return groups;
  }

  private static String root(Map<String, String> parent, String id) {
    String r = id;
    while (parent.containsKey(r)) r = parent.get(r);
    return r;
  }
}
