package dev.loupe.engine.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Grouping without a store: links at or above the threshold and equal hashes join, in any order. */
class ComponentsTest {
  private static final Map<String, String> HASHES = Map.of("a", "1", "b", "2", "c", "3", "d", "4", "e", "1", "f", "");

  @Test
  void theThresholdIsInclusiveAndHashesJoinWithoutLinks() {
    List<DuplicateLink> links = List.of(new DuplicateLink("c", "d", 0.8f), new DuplicateLink("b", "c", 0.9f),
        new DuplicateLink("a", "f", 0.5f));
    // 0.9: b-c only; a-e share hash 1. 0.8: c-d joins b-c. 0.5: a-f joins a-e.
    assertEquals(List.of(List.of("a", "e"), List.of("b", "c")), Components.of(HASHES, links, 0.9f));
    assertEquals(List.of(List.of("a", "e"), List.of("b", "c", "d")), Components.of(HASHES, links, 0.8f));
    assertEquals(List.of(List.of("a", "e", "f"), List.of("b", "c", "d")), Components.of(HASHES, links, 0.5f));
    assertEquals(List.of(List.of("a", "e")), Components.of(HASHES, links, Float.POSITIVE_INFINITY));
    assertEquals(Components.of(HASHES, links, 0.5f), Components.of(HASHES, links.reversed(), 0.5f),
        "the order links arrive in changes nothing");
  }
}
