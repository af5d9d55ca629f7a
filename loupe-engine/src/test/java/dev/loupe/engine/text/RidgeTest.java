package dev.loupe.engine.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The closed form against cases small enough to solve by hand, on both sides (primal and dual). */
class RidgeTest {
  private static WordFeatures.Row row(int[] index, float[] value) {
    return new WordFeatures.Row(index, value);
  }

  @Test
  void primalSolvesACoupledTwoWordCase() {
    // X = [[1, 0], [0.6, 0.8]], Y = [[1], [0]], lambda 1: (XᵀX + I) = [[2.36, 0.48], [0.48, 1.64]], XᵀY = [1, 0],
    // so W = [1.64, -0.48] / det, det = 2.36·1.64 − 0.48² = 3.64.
    List<WordFeatures.Row> x = List.of(row(new int[] {0}, new float[] {1}), row(new int[] {0, 1}, new float[] {0.6f, 0.8f}));
    float[][] w = Ridge.solve(x, new float[][] {{1}, {0}}, 2, 1.0);
    assertEquals(1.64 / 3.64, w[0][0], 1e-6);
    assertEquals(-0.48 / 3.64, w[1][0], 1e-6);
  }

  @Test
  void dualSolvesMoreWordsThanPairs() {
    // One pair x = (0.6, 0.8), y = 5, lambda 1: W = xᵀ (x·x + 1)⁻¹ y = x · 5 / 2 = (1.5, 2.0).
    float[][] w = Ridge.solve(List.of(row(new int[] {0, 1}, new float[] {0.6f, 0.8f})), new float[][] {{5, -5}}, 2, 1.0);
    assertArrayEquals(new float[] {1.5f, -1.5f}, w[0], 1e-6f);
    assertArrayEquals(new float[] {2.0f, -2.0f}, w[1], 1e-6f);
  }

  @Test
  void primalAndDualAgree() {
    // Three words, three pairs (primal) versus the same pairs over a vocabulary of four with an unused word
    // (dual): the unused word gets weight 0, the others the same weights.
    List<WordFeatures.Row> x = List.of(row(new int[] {0, 2}, new float[] {0.8f, 0.6f}),
        row(new int[] {1}, new float[] {1}), row(new int[] {0, 1, 2}, new float[] {0.48f, 0.64f, 0.6f}));
    float[][] y = {{0.3f, -1}, {2, 0.5f}, {-0.7f, 0.1f}};
    float[][] primal = Ridge.solve(x, y, 3, 0.1);
    float[][] dual = Ridge.solve(x, y, 4, 0.1);
    for (int i = 0; i < 3; i++) assertArrayEquals(primal[i], dual[i], 1e-5f, "word " + i);
    assertArrayEquals(new float[] {0, 0}, dual[3], 0f);
  }

  @Test
  void aNonPositivePenaltyIsRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> Ridge.solve(List.of(row(new int[] {0}, new float[] {1})), new float[][] {{1}}, 1, 0));
  }
}
