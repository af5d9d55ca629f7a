package dev.loupe.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loupe.core.query.Metric;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExactSearchTest {

  @Test
  void topKIsSortedAndBreaksTiesByOrder() {
    List<float[]> vectors = List.of(new float[] {0, 0}, new float[] {1, 0}, new float[] {0, 1}, new float[] {3, 3});
    List<ExactSearch.Scored> top = ExactSearch.topK(vectors, new float[] {0, 0}, Metric.L2, 3);
    assertEquals(List.of(0, 1, 2), top.stream().map(ExactSearch.Scored::ordinal).toList(),
        "items 1 and 2 tie at distance 1: the earlier one ranks first");
  }
}
