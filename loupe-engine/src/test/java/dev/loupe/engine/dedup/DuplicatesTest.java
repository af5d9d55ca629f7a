package dev.loupe.engine.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.embed.EmbedderDescriptor;
import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.index.Item;
import dev.loupe.core.index.MemoryItemStore;
import dev.loupe.core.query.Metric;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Duplicate groups on unit vectors at known angles: cosine = cos(angle), so every link is known in advance; content
 * hashes, pixel counts and times are set by hand so exact copies and the best-copy order are known too.
 */
class DuplicatesTest {
  private record Spec(String id, double degrees, String hash, int width, int height, long modified, long size) {}

  private static MemoryItemStore store(List<Spec> specs) throws Exception {
    MemoryItemStore store = new MemoryItemStore(new IndexSpec(new EmbedderDescriptor("angles", 2, true, Map.of()),
        Metric.COSINE, IndexSpec.HnswParams.DEFAULT));
    for (Spec s : specs) {
      double r = Math.toRadians(s.degrees());
      store.put(new Item(s.id(), s.id() + ".jpg", s.hash(), s.size(), s.modified(), s.width(), s.height(), Map.of()),
          new float[] {(float) Math.cos(r), (float) Math.sin(r)});
    }
    store.commit();
    return store;
  }

  /** a 0°, b 10°, c 20°, d 90°, e 91°, f 180°; all 10×10, distinct bytes. */
  private static MemoryItemStore angles() throws Exception {
    String[] ids = {"a", "b", "c", "d", "e", "f"};
    double[] degrees = {0, 10, 20, 90, 91, 180};
    List<Spec> specs = new java.util.ArrayList<>();
    for (int i = 0; i < ids.length; i++) specs.add(new Spec(ids[i], degrees[i], "hash-" + ids[i], 10, 10, 0, 1));
    return store(specs);
  }

  private static List<String> ids(DuplicateGroup g) {
    return g.members().stream().map(DuplicateMember::id).toList();
  }

  @Test
  void linksJoinTransitivelyAndEachMemberScoresAgainstTheBestCopy() throws Exception {
    // cos 10° = 0.985 links a-b and b-c; cos 20° = 0.940 does not link a-c, yet a, b, c are one group.
    // cos 1° = 0.99985 links d-e; f is 90° or more from everything. Equal pixels and times: best = smallest id.
    List<DuplicateGroup> groups = Duplicates.find(angles(), new DedupOptions(0.98f, 10, 100, false));
    assertEquals(2, groups.size(), groups.toString());
    assertEquals(List.of("a", "b", "c"), ids(groups.get(0)), "largest group first");
    assertEquals(1f, groups.get(0).members().get(0).score(), 1e-6);
    assertEquals(Math.cos(Math.toRadians(10)), groups.get(0).members().get(1).score(), 1e-4);
    assertEquals(Math.cos(Math.toRadians(20)), groups.get(0).members().get(2).score(), 1e-4, "c scores against a");
    assertEquals(List.of("d", "e"), ids(groups.get(1)));
    assertTrue(groups.get(0).members().get(0).best() && !groups.get(0).members().get(1).best());
  }

  @Test
  void aStricterThresholdKeepsOnlyTheCloserPairAndTheBoundIsChecked() throws Exception {
    List<DuplicateGroup> strict = Duplicates.find(angles(), new DedupOptions(0.99f, 10, 100, false));
    assertEquals(1, strict.size(), strict.toString());
    assertEquals(List.of("d", "e"), ids(strict.get(0)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Duplicates.find(angles(), new DedupOptions(0.9f, 10, 5, false)));
    assertTrue(e.getMessage().contains("6 items"), e.getMessage());
  }

  @Test
  void exactCopiesJoinTheirNearDuplicateGroupBestCopyFirst() throws Exception {
    // "big" and "big-copy" are the same bytes (hash H), 400×300; "small" is a 200×150 near-duplicate at 5°;
    // "old" has the same pixel count as "big" but is older, so it is the best copy; "far" (60°, hash H2) has an
    // exact copy "far-copy" at 120° (the vectors disagree, the bytes decide).
    MemoryItemStore store = store(List.of(
        new Spec("big", 0, "H", 400, 300, 2_000, 50_000),
        new Spec("big-copy", 0, "H", 400, 300, 3_000, 50_000),
        new Spec("small", 5, "S", 200, 150, 1_000, 9_000),
        new Spec("old", 1, "O", 300, 400, 500, 70_000),
        new Spec("far", 60, "H2", 10, 10, 0, 100),
        new Spec("far-copy", 120, "H2", 10, 10, 0, 100)));
    List<DuplicateGroup> groups = Duplicates.find(store, new DedupOptions(0.99f, 10, 100, false));
    assertEquals(2, groups.size(), groups.toString());
    DuplicateGroup g = groups.get(0);
    // 120 000 px: old (t=500), big (t=2000), big-copy (t=3000); then small (30 000 px).
    assertEquals(List.of("old", "big", "big-copy", "small"), ids(g));
    assertEquals(List.of(false, false, true, false), g.members().stream().map(DuplicateMember::exact).toList(),
        "big-copy repeats big's bytes; big is the first of its bytes");
    assertEquals(50_000 + 50_000 + 9_000, g.reclaimableBytes());
    assertEquals(Math.cos(Math.toRadians(1)), g.members().get(1).score(), 1e-4, "score to the best copy, old");
    assertEquals(List.of("far", "far-copy"), ids(groups.get(1)));
    assertTrue(groups.get(1).members().get(1).exact());
    assertEquals(0.5, groups.get(1).members().get(1).score(), 1e-4, "cos 60° between the copies' vectors");
    DedupSummary s = DedupSummary.of(groups);
    assertEquals(new DedupSummary(2, 6, 2, 109_000 + 100), s);
  }

  @Test
  void exactOnlyComparesNoVectors() throws Exception {
    MemoryItemStore store = store(List.of(
        new Spec("a", 0, "H", 10, 10, 0, 1), new Spec("b", 0.5, "other", 10, 10, 0, 1),
        new Spec("c", 90, "H", 10, 10, 0, 1), new Spec("unknown1", 0, "", 10, 10, 0, 1),
        new Spec("unknown2", 0, "", 10, 10, 0, 1)));
    List<DuplicateGroup> groups = Duplicates.find(store, new DedupOptions(Float.NaN, 10, 100, true));
    assertEquals(1, groups.size(), "b is a near-duplicate only; empty hashes are unknown bytes, not equal ones");
    assertEquals(List.of("a", "c"), ids(groups.get(0)));
    assertTrue(groups.get(0).members().get(1).exact());
    assertFalse(groups.get(0).members().get(0).exact());
  }
}
