package dev.loupe.engine.dedup;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Connected components of items joined by equal content hashes and by links scoring at least a threshold (so a
 * chain a~b~c is one group even if a and c are further apart). Pure: no store, so one set of links can be grouped
 * at many thresholds (the evaluation's sweep).
 */
public final class Components {
  private Components() {}

  /**
   * The components of two or more ids, each sorted, in order of their first id.
   *
   * @param hashes id → content hash for every item taking part; an empty hash joins nothing (unknown bytes)
   * @param links scored pairs; those below {@code threshold} are ignored, as are ids without a hash entry
   * @param threshold lowest linking score; {@code Float.POSITIVE_INFINITY} groups exact copies only
   */
  public static List<List<String>> of(Map<String, String> hashes, Collection<DuplicateLink> links, float threshold) {
    if (Float.isNaN(threshold)) throw new IllegalArgumentException("threshold must be a number, got: NaN");
    Map<String, String> parent = new HashMap<>();
    Map<String, String> firstWithHash = new TreeMap<>();
    for (Map.Entry<String, String> e : new TreeMap<>(hashes).entrySet()) {
      if (e.getValue() == null || e.getValue().isEmpty()) continue;
      String first = firstWithHash.putIfAbsent(e.getValue(), e.getKey());
      if (first != null) union(parent, first, e.getKey());
    }
    for (DuplicateLink l : links) {
      if (l.score() >= threshold && hashes.containsKey(l.a()) && hashes.containsKey(l.b())) union(parent, l.a(), l.b());
    }
    Map<String, TreeSet<String>> members = new HashMap<>();
    for (String id : parent.keySet()) members.computeIfAbsent(root(parent, id), r -> new TreeSet<>()).add(id);
    List<List<String>> out = new ArrayList<>();
    for (Map.Entry<String, TreeSet<String>> e : members.entrySet()) {
      e.getValue().add(e.getKey());
      out.add(List.copyOf(e.getValue()));
    }
    out.sort((x, y) -> x.getFirst().compareTo(y.getFirst()));
    return out;
  }

  private static void union(Map<String, String> parent, String a, String b) {
    String ra = root(parent, a);
    String rb = root(parent, b);
    // The smaller id becomes the root, so the result does not depend on the order links arrive in.
    if (ra.compareTo(rb) < 0) parent.put(rb, ra);
    else if (rb.compareTo(ra) < 0) parent.put(ra, rb);
  }

  private static String root(Map<String, String> parent, String id) {
    String r = id;
    while (parent.containsKey(r)) r = parent.get(r);
    // Path compression keeps long chains (one link per item in a burst of photos) from making this quadratic.
    String c = id;
    while (!c.equals(r)) {
      String next = parent.get(c);
      parent.put(c, r);
      c = next;
    }
    return r;
  }
}
