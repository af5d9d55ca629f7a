package dev.loupe.bench.vectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The bounded top list under the ground truth: best first, ties to the smaller id, any offer order. */
class TopKTest {
  @Test
  void keepsTheBestInOrderWhateverTheOfferOrder() {
    float[] scores = new float[1000];
    Random r = new Random(3);
    for (int i = 0; i < scores.length; i++) scores[i] = r.nextInt(50) / 50f; // many ties
    int[] expected = IntStream.range(0, scores.length).boxed()
        .sorted((a, b) -> scores[a] != scores[b] ? Float.compare(scores[b], scores[a]) : Integer.compare(a, b))
        .limit(10).mapToInt(Integer::intValue).toArray();
    for (int seed = 0; seed < 5; seed++) {
      int[] order = IntStream.range(0, scores.length).toArray();
      Random shuffle = new Random(seed);
      for (int i = order.length - 1; i > 0; i--) {
        int j = shuffle.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      TopK top = new TopK(10);
      TopK half = new TopK(10);
      for (int i = 0; i < order.length; i++) (i % 2 == 0 ? top : half).offer(order[i], scores[order[i]]);
      top.addAll(half); // as the ground truth merges its slices
      assertArrayEquals(expected, top.sortedIds(), "offer order " + seed);
    }
  }
}
