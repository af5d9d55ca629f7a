package dev.loupe.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The derived gallery both `bench search` and `bench vectors` use: the same vectors, streamed or listed. */
class DerivedGalleryTest {
  private static List<float[]> real(int n, int dim) {
    Random r = new Random(7);
    List<float[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] v = new float[dim];
      for (int j = 0; j < dim; j++) v[j] = r.nextFloat();
      out.add(v);
    }
    return out;
  }

  @Test
  void streamedAndListedGalleriesAreTheSameRealVectorsThenTheSameMixes() {
    List<float[]> real = real(30, 16);
    List<float[]> listed = DerivedGallery.mix(real, 500);
    List<float[]> streamed = new ArrayList<>();
    DerivedGallery.mix(real, 500, streamed::add);
    assertEquals(500, listed.size());
    for (int i = 0; i < 30; i++) assertSame(real.get(i), listed.get(i), "real vector " + i + " first, as is");
    for (int i = 0; i < 500; i++) assertArrayEquals(listed.get(i), streamed.get(i), "vector " + i);
    // A prefix of a larger gallery is the smaller gallery: runs of different sizes share their vectors.
    List<float[]> larger = DerivedGallery.mix(real, 800);
    for (int i = 0; i < 500; i++) assertArrayEquals(listed.get(i), larger.get(i), "vector " + i);
    for (float[] v : listed.subList(30, 500)) {
      double norm = 0;
      for (float x : v) {
        assertTrue(x >= 0, "clipped at 0");
        norm += x * x;
      }
      assertEquals(1.0, norm, 1e-5, "unit length");
    }
  }

  @Test
  void noRealVectorsIsAnError() {
    assertThrows(IllegalArgumentException.class, () -> DerivedGallery.mix(List.of(), 10));
  }
}
