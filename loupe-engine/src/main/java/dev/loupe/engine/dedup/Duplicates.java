package dev.loupe.engine.dedup;

import dev.loupe.core.index.Item;
import dev.loupe.core.index.ItemStore;
import dev.loupe.core.query.Centering;
import dev.loupe.core.query.ExactDistance;
import dev.loupe.core.query.Hit;
import dev.loupe.core.query.Metric;
import dev.loupe.core.query.SearchRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Groups of duplicate items in an index: exact copies (equal content hash, no vectors needed) and near-duplicates
 * (each item's own vector searched against the index; neighbours scoring at least the threshold are linked), merged
 * into connected groups, each ordered best copy first. Scores are the index's metric with its centring, the same as
 * {@code loupe search}'s, so a threshold read off search results means the same here. Shared by {@code loupe
 * dedup} and the server's {@code GET /duplicates}.
 */
public final class Duplicates {
  private Duplicates() {}

  /** Best copy first: most pixels, then oldest, then id (a stable last resort). */
  static final Comparator<Item> BEST_FIRST = Comparator.comparingLong((Item i) -> -(long) i.width() * i.height())
      .thenComparingLong(Item::modified)
      .thenComparing(Item::id);

  /**
   * The groups, largest first, then by the best copy's id.
   *
   * @throws IllegalArgumentException when the index holds more than {@code options.maxItems()} items
   */
  public static List<DuplicateGroup> find(ItemStore store, DedupOptions options) throws IOException {
    int size = store.size();
    if (size > options.maxItems()) {
      throw new IllegalArgumentException("the index holds " + size + " items, more than the duplicates bound of "
          + options.maxItems());
    }
    Map<String, Item> items = new TreeMap<>();
    store.forEach(i -> items.put(i.id(), i));
    Map<String, String> hashes = new HashMap<>();
    items.forEach((id, item) -> hashes.put(id, item.contentHash()));
    List<DuplicateLink> links = options.exactOnly() ? List.of()
        : links(store, items.keySet(), options.neighbours(), options.threshold());
    float threshold = options.exactOnly() ? Float.POSITIVE_INFINITY : options.threshold();
    Metric metric = store.spec().metric();
    Centering centering = store.searchCentering().orElse(null);
    List<DuplicateGroup> groups = new ArrayList<>();
    for (List<String> ids : Components.of(hashes, links, threshold)) {
      groups.add(group(store, ids.stream().map(items::get).sorted(BEST_FIRST).toList(), metric, centering));
    }
    groups.sort(Comparator.comparingInt((DuplicateGroup g) -> -g.members().size()).thenComparing(g -> g.best().id()));
    return groups;
  }

  /**
   * Every pair of items linked by a search: each item's own vector is searched for {@code neighbours + 1} hits (it
   * finds itself first) scoring at least {@code minScore}; a pair found from both sides is kept once, with its
   * higher score (an approximate search may score it from one side only).
   */
  public static List<DuplicateLink> links(ItemStore store, Iterable<String> ids, int neighbours, float minScore)
      throws IOException {
    SearchRequest request = SearchRequest.topK(neighbours + 1).withMinScore(minScore);
    Map<String, DuplicateLink> byPair = new TreeMap<>();
    for (String id : ids) {
      float[] vector = store.vector(id).orElse(null);
      if (vector == null) continue; // an item without a vector can only be an exact copy
      for (Hit h : store.search(vector, request)) {
        if (h.id().equals(id)) continue;
        DuplicateLink link = id.compareTo(h.id()) < 0 ? new DuplicateLink(id, h.id(), h.score())
            : new DuplicateLink(h.id(), id, h.score());
        byPair.merge(link.a() + '\u0000' + link.b(), link, (x, y) -> x.score() >= y.score() ? x : y);
      }
    }
    return List.copyOf(byPair.values());
  }

  private static DuplicateGroup group(ItemStore store, List<Item> ordered, Metric metric, Centering centering)
      throws IOException {
    Item best = ordered.getFirst();
    float[] bestVector = store.vector(best.id()).orElse(null);
    ExactDistance toBest = bestVector == null ? null : new ExactDistance(bestVector, metric, centering);
    Set<String> seenHashes = new HashSet<>();
    List<DuplicateMember> members = new ArrayList<>();
    for (Item item : ordered) {
      boolean known = !item.contentHash().isEmpty();
      boolean exact = known && !seenHashes.add(item.contentHash());
      float[] v = store.vector(item.id()).orElse(null);
      float score = toBest == null || v == null ? Float.NaN : metric.score(toBest.to(v));
      members.add(new DuplicateMember(item.id(), item.path(), item.width(), item.height(), item.size(),
          item.modified(), item == best, exact, score));
    }
    return new DuplicateGroup(members);
  }
}
