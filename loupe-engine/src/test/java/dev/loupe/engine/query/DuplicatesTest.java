package dev.loupe.engine.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** Near-duplicate groups on unit vectors at known angles: cosine = cos(angle), so every link is known in advance. */
class DuplicatesTest {
  /** a 0°, b 10°, c 20°, d 90°, e 91°, f 180°. */
  private static MemoryItemStore store() throws Exception {
    MemoryItemStore store = new MemoryItemStore(new IndexSpec(new EmbedderDescriptor("angles", 2, true, Map.of()),
        Metric.COSINE, IndexSpec.HnswParams.DEFAULT));
    String[] ids = {"a", "b", "c", "d", "e", "f"};
    double[] degrees = {0, 10, 20, 90, 91, 180};
    for (int i = 0; i < ids.length; i++) {
      double r = Math.toRadians(degrees[i]);
      store.put(new Item(ids[i], ids[i] + ".jpg", "0".repeat(64), 1, 0, 1, 1, Map.of()),
          new float[] {(float) Math.cos(r), (float) Math.sin(r)});
    }
    store.commit();
    return store;
  }

  @Test
  void linksJoinTransitivelyAndTheLoosestLinkIsReported() throws Exception {
    // cos 10° = 0.985 links a-b and b-c; cos 20° = 0.940 does not link a-c, yet a, b, c are one group.
    // cos 1° = 0.99985 links d-e; f is 90° or more from everything.
    List<Duplicates.Group> groups = Duplicates.find(store(), 0.98f, 10, 100);
    assertEquals(2, groups.size(), groups.toString());
    assertEquals(List.of("a", "b", "c"), groups.get(0).ids(), "largest group first");
    assertEquals(Math.cos(Math.toRadians(10)), groups.get(0).minScore(), 1e-4);
    assertEquals(List.of("d", "e"), groups.get(1).ids());
    assertTrue(groups.get(1).minScore() > 0.9998f, groups.toString());
  }

  @Test
  void aStricterThresholdKeepsOnlyTheCloserPairAndTheBoundIsChecked() throws Exception {
    List<Duplicates.Group> strict = Duplicates.find(store(), 0.99f, 10, 100);
    assertEquals(1, strict.size(), strict.toString());
    assertEquals(List.of("d", "e"), strict.get(0).ids());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Duplicates.find(store(), 0.9f, 10, 5));
    assertTrue(e.getMessage().contains("6 items"), e.getMessage());
  }
}
