package dev.loupe.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.image.RgbImage;
import dev.loupe.testing.TestImages;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ViewsTest {

  static RgbImage lotus;

  @BeforeAll
  static void load() throws ImageDecodeException {
    lotus = Decoding.decode(TestImages.LOTUS);
  }

  @Test
  void countsAndTheFirstViewIsTheMirror() {
    assertTrue(Views.views(lotus, 0, 1).isEmpty());
    for (int n : new int[] {1, 2, 7}) assertEquals(n, Views.views(lotus, n, 1).size());
    assertArrayEquals(Augment.hflip(lotus).rgb(), Views.views(lotus, 1, 99).get(0).rgb());
    assertEquals("flip", Views.plans(1, 99).get(0).description());
    var e = assertThrows(IllegalArgumentException.class, () -> Views.views(lotus, -3, 1));
    assertTrue(e.getMessage().contains("-3"), e.getMessage());
  }

  @Test
  void sameSeedSameBytesDifferentSeedDifferentViews() {
    List<RgbImage> a = Views.views(lotus, 6, 42);
    List<RgbImage> b = Views.views(lotus, 6, 42);
    List<RgbImage> c = Views.views(lotus, 6, 43);
    for (int i = 0; i < 6; i++) {
      assertEquals(a.get(i).width(), b.get(i).width());
      assertArrayEquals(a.get(i).rgb(), b.get(i).rgb(), "view " + i);
    }
    boolean differs = false;
    for (int i = 1; i < 6; i++) {
      differs |= a.get(i).width() != c.get(i).width() || !Arrays.equals(a.get(i).rgb(), c.get(i).rgb());
    }
    assertTrue(differs, "seeds 42 and 43 gave the same views");
    assertNotEquals(Views.plans(6, 42), Views.plans(6, 43));
  }

  @Test
  void viewsAreDistinctLightAugmentationsOfTheSource() {
    List<Views.Plan> plans = Views.plans(12, 5);
    List<RgbImage> views = Views.views(lotus, 12, 5);
    for (int i = 0; i < views.size(); i++) {
      Views.Plan p = plans.get(i);
      RgbImage v = views.get(i);
      assertNotEquals("identity", p.description());
      assertFalse(v.width() == lotus.width() && Arrays.equals(v.rgb(), lotus.rgb()), "view " + i + " is the source");
      assertTrue(p.cropArea() == 1 || (p.cropArea() >= 0.80 && p.cropArea() <= 0.95), p.description());
      assertTrue(p.degrees() == 0 || (Math.abs(p.degrees()) >= 2 && Math.abs(p.degrees()) <= 10), p.description());
      for (double f : new double[] {p.brightness(), p.contrast(), p.saturation()}) {
        assertTrue(f >= 0.85 && f <= 1.15, p.description());
      }
      // Crops keep the aspect ratio and at least ~80% of the area.
      double area = (double) v.width() * v.height() / (lotus.width() * lotus.height());
      assertTrue(area > 0.78 && area <= 1.0, "view " + i + " area " + area);
      assertEquals((double) lotus.width() / lotus.height(), (double) v.width() / v.height(), 0.02);
    }
  }

  @Test
  void fewerViewsAreAPrefixOfMoreViews() {
    List<RgbImage> three = Views.views(lotus, 3, 7);
    List<RgbImage> six = Views.views(lotus, 6, 7);
    for (int i = 0; i < 3; i++) assertArrayEquals(three.get(i).rgb(), six.get(i).rgb());
  }

  @Test
  void planApplyMatchesTheSteps() {
    Views.Plan p = new Views.Plan(true, 0.81, 0, 1, 0, 1, 1, 1);
    CropRegion r = p.cropRegion(lotus.width(), lotus.height());
    assertEquals(new CropRegion(0, lotus.height() - r.height(), 213, r.height()), r); // 237 * 0.9 = 213.3
    assertArrayEquals(Augment.hflip(Augment.crop(lotus, r)).rgb(), p.apply(lotus).rgb());
    assertEquals("flip + crop 0.81", p.description());
    assertEquals("identity", Views.Plan.IDENTITY.description());
    var e = assertThrows(IllegalArgumentException.class, () -> new Views.Plan(false, 1.2, 0, 0, 0, 1, 1, 1));
    assertTrue(e.getMessage().contains("1.2"), e.getMessage());
  }
}
