package dev.loupe.image.pixel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.image.RgbImage;
import dev.loupe.core.query.Metric;
import dev.loupe.image.ImageDecoder;
import dev.loupe.image.Interpolation;
import dev.loupe.testing.ExactSearch;
import dev.loupe.testing.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PixelEmbedderTest {

  @Test
  void descriptor() {
    PixelEmbedder e = new PixelEmbedder();
    assertEquals("pixels-16", e.descriptor().name());
    assertEquals(3 * 16 * 16, e.dimension());
    assertFalse(e.descriptor().normalized());
    assertEquals("16", e.descriptor().fingerprint().get("size"));
    assertEquals("bilinear-antialiased", e.descriptor().fingerprint().get("interpolation"));
    assertEquals("hwc-rgb", e.descriptor().fingerprint().get("layout"));
    assertEquals(16, e.minInputSide());
    assertEquals(3 * 8 * 8, new PixelEmbedder(8).dimension());
    assertFalse(new PixelEmbedder(16, Interpolation.BICUBIC).descriptor().differencesTo(e.descriptor()).isEmpty());
  }

  @Test
  void rejectsBadSizes() {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> new PixelEmbedder(0));
    assertEquals("pixel embedder size must be in 1..64, got: 0", ex.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new PixelEmbedder(65));
  }

  @Test
  void valuesAreZeroToOneInRgbOrder() throws Exception {
    RgbImage photo = ImageDecoder.decode(SharedData.sample("kitten_224.png")).image();
    float[] v = new PixelEmbedder().embed(photo);
    assertEquals(768, v.length);
    for (float x : v) assertTrue(x >= 0f && x <= 1f, "value " + x);

    byte[] red = new byte[3 * 40 * 30];
    for (int i = 0; i < red.length; i += 3) red[i] = (byte) 255;
    float[] r = new PixelEmbedder(8).embed(new RgbImage(40, 30, red));
    for (int i = 0; i < r.length; i += 3) {
      assertEquals(1f, r[i]);
      assertEquals(0f, r[i + 1]);
      assertEquals(0f, r[i + 2]);
    }
  }

  @Test
  void identicalImagesGiveIdenticalVectors() throws Exception {
    Path file = SharedData.caltechTrain().resolve("lotus/image_0001.jpg");
    PixelEmbedder e = new PixelEmbedder();
    float[] a = e.embed(ImageDecoder.decode(file).image());
    float[] b = e.embed(ImageDecoder.decode(file).image());
    assertArrayEquals(a, b);
  }

  @Test
  void embedPreparedReturnsCopiesAndChecksLengths() {
    PixelEmbedder e = new PixelEmbedder(4);
    float[] prepared = new float[48];
    prepared[5] = 0.5f;
    float[][] out = e.embedPrepared(List.of(prepared));
    assertNotSame(prepared, out[0]);
    assertArrayEquals(prepared, out[0]);
    IllegalArgumentException ex =
        assertThrows(IllegalArgumentException.class, () -> e.embedPrepared(List.of(new float[47])));
    assertTrue(ex.getMessage().contains("47"), ex.getMessage());
  }

  /**
   * caltech20: 400 train photos as the database, 80 test photos as queries, exact search. Chance P@1 is 0.05
   * (20 balanced classes); raw pixels carry colour and layout cues (sunflowers are yellow, car_side is grey).
   */
  @Test
  void precisionAtOneOnCaltech20IsWellAboveChance() throws Exception {
    List<RgbImage> trainImages = new ArrayList<>();
    List<String> trainLabels = new ArrayList<>();
    for (Path f : SharedData.filesUnder(SharedData.caltechTrain())) {
      trainImages.add(ImageDecoder.decode(f).image());
      trainLabels.add(SharedData.labelOf(f));
    }
    List<RgbImage> testImages = new ArrayList<>();
    List<String> testLabels = new ArrayList<>();
    for (Path f : SharedData.filesUnder(SharedData.caltechTest())) {
      testImages.add(ImageDecoder.decode(f).image());
      testLabels.add(SharedData.labelOf(f));
    }
    assertEquals(400, trainImages.size());
    assertEquals(80, testImages.size());

    Map<Metric, Double> p16 = null;
    for (int size : new int[] {8, 16, 32}) {
      PixelEmbedder e = new PixelEmbedder(size);
      List<float[]> db = Arrays.asList(e.embed(trainImages));
      float[][] queries = e.embed(testImages);
      Map<Metric, Double> p1 = new EnumMap<>(Metric.class);
      for (Metric m : List.of(Metric.L2, Metric.L1, Metric.COSINE, Metric.CORRELATION)) {
        int hits = 0;
        for (int q = 0; q < queries.length; q++) {
          int best = ExactSearch.topK(db, queries[q], m, 1).get(0).ordinal();
          if (trainLabels.get(best).equals(testLabels.get(q))) hits++;
        }
        p1.put(m, hits / (double) queries.length);
      }
      System.out.printf("pixel baseline %-9s P@1 %s%n", e.descriptor().name(), p1);
      if (size == 16) p16 = p1;
    }
    assertTrue(p16.get(Metric.L2) > 0.15, "P@1 (L2) " + p16.get(Metric.L2));
  }
}
