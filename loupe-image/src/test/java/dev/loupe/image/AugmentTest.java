package dev.loupe.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.image.RgbImage;
import dev.loupe.testing.TestImages;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AugmentTest {

  static RgbImage lotus;
  static RgbImage airplane;

  @BeforeAll
  static void load() throws ImageDecodeException {
    lotus = Decoding.decode(TestImages.LOTUS);
    airplane = Decoding.decode(TestImages.AIRPLANE);
  }

  @Test
  void hflipMirrorsAndTwiceIsIdentity() {
    RgbImage f = Augment.hflip(lotus);
    assertEquals(lotus.width(), f.width());
    assertEquals(lotus.height(), f.height());
    for (int c = 0; c < 3; c++) {
      assertEquals(lotus.get(lotus.width() - 1, 7, c), f.get(0, 7, c));
      assertEquals(lotus.get(3, 100, c), f.get(lotus.width() - 4, 100, c));
    }
    assertFalse(Arrays.equals(lotus.rgb(), f.rgb()));
    assertArrayEquals(lotus.rgb(), Augment.hflip(f).rgb());
  }

  @Test
  void cropHasTheSizeAndThePixelsOfTheRegion() {
    RgbImage c = Augment.crop(airplane, 10, 20, 50, 40);
    assertEquals(50, c.width());
    assertEquals(40, c.height());
    for (int y = 0; y < 40; y++) {
      for (int x = 0; x < 50; x++) {
        for (int ch = 0; ch < 3; ch++) assertEquals(airplane.get(10 + x, 20 + y, ch), c.get(x, y, ch));
      }
    }
    assertArrayEquals(airplane.rgb(), Augment.crop(airplane, 0, 0, airplane.width(), airplane.height()).rgb());
    RgbImage corner = Augment.crop(airplane, airplane.width() - 1, airplane.height() - 1, 1, 1);
    assertEquals(airplane.get(airplane.width() - 1, airplane.height() - 1, 2), corner.get(0, 0, 2));
  }

  @Test
  void cropOutsideTheImageIsRejectedWithTheValues() {
    var e = assertThrows(IllegalArgumentException.class, () -> Augment.crop(airplane, 350, 0, 50, 10));
    assertTrue(e.getMessage().contains("50x10+350+0") && e.getMessage().contains("393x165"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Augment.crop(airplane, -1, 0, 5, 5));
    assertTrue(e.getMessage().contains("(-1, 0)"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Augment.crop(airplane, 0, 0, 0, 5));
    assertTrue(e.getMessage().contains("0x5"), e.getMessage());
  }

  @Test
  void rotateByZeroOrFullTurnsIsIdentity() {
    assertArrayEquals(lotus.rgb(), Augment.rotate(lotus, 0).rgb());
    assertArrayEquals(lotus.rgb(), Augment.rotate(lotus, 360).rgb());
    assertArrayEquals(lotus.rgb(), Augment.rotate(lotus, -720).rgb());
  }

  @ParameterizedTest
  @ValueSource(doubles = {-20, -7.5, 3, 10, 45, 135})
  void rotateKeepsTheSizeAndLeavesNoEmptyCorners(double degrees) {
    // A uniform image stays exactly uniform: no fill colour enters anywhere, not only at the corners.
    byte[] white = new byte[3 * 120 * 80];
    Arrays.fill(white, (byte) 200);
    RgbImage turned = Augment.rotate(new RgbImage(120, 80, white), degrees);
    assertEquals(120, turned.width());
    assertEquals(80, turned.height());
    assertArrayEquals(white, turned.rgb());

    // The photo's corners are not black, so neither may the rotated photo's be.
    int w = lotus.width();
    int h = lotus.height();
    int[][] corners = {{0, 0}, {w - 1, 0}, {0, h - 1}, {w - 1, h - 1}};
    for (int[] p : corners) assertTrue(sum(lotus, p[0], p[1]) > 30, "source corner is dark: " + Arrays.toString(p));
    RgbImage r = Augment.rotate(lotus, degrees);
    assertEquals(w, r.width());
    assertEquals(h, r.height());
    for (int[] p : corners) assertTrue(sum(r, p[0], p[1]) > 30, "dark corner " + Arrays.toString(p) + " at " + degrees + "°");
    assertFalse(Arrays.equals(lotus.rgb(), r.rgb()));
  }

  @Test
  void rotate90OnASquareIsTheExactCounterClockwiseTurn() {
    RgbImage square = Augment.crop(lotus, 10, 30, 200, 200);
    RgbImage turned = Augment.rotate(square, 90);
    RgbImage exact = Orientation.ROTATE_90_CCW.apply(square);
    assertTrue(maxAbsDiff(turned, exact) <= 1, "max diff " + maxAbsDiff(turned, exact));
  }

  @Test
  void rotationZoomCoversTheFrame() {
    assertEquals(1.0, Augment.rotationZoom(400, 300, 0), 1e-12);
    assertEquals(1.0, Augment.rotationZoom(300, 300, 90), 1e-12);
    assertEquals(Math.sqrt(2), Augment.rotationZoom(300, 300, 45), 1e-12);
    // 4:3 at 10°: the height constraint (4 sin + 3 cos) / 3 binds.
    double r = Math.toRadians(10);
    assertEquals((4 * Math.sin(r) + 3 * Math.cos(r)) / 3, Augment.rotationZoom(400, 300, -10), 1e-12);
    var e = assertThrows(IllegalArgumentException.class, () -> Augment.rotate(lotus, Double.NaN));
    assertTrue(e.getMessage().contains("NaN"), e.getMessage());
  }

  @Test
  void scaleUsesResizeAndRoundsTheSize() {
    RgbImage half = Augment.scale(airplane, 0.5, Interpolation.BILINEAR);
    assertEquals(197, half.width()); // 196.5 rounds up
    assertEquals(83, half.height()); // 82.5 rounds up
    assertArrayEquals(Resize.resize(airplane, 197, 83, Interpolation.BILINEAR).rgb(), half.rgb());
    assertSame(airplane, Augment.scale(airplane, 1.0, Interpolation.BICUBIC));
    assertEquals(1, Augment.scale(airplane, 1e-6, Interpolation.NEAREST).width());
    var e = assertThrows(IllegalArgumentException.class, () -> Augment.scale(airplane, -0.5, Interpolation.BILINEAR));
    assertTrue(e.getMessage().contains("-0.5"), e.getMessage());
  }

  @Test
  void colorJitterOfOnesIsIdentity() {
    assertArrayEquals(lotus.rgb(), Augment.colorJitter(lotus, 1, 1, 1).rgb());
  }

  @Test
  void colorJitterFactorsDoWhatTheyMean() {
    RgbImage black = Augment.colorJitter(lotus, 0, 1, 1);
    for (byte b : black.rgb()) assertEquals(0, b);
    RgbImage grey = Augment.colorJitter(lotus, 1, 1, 0);
    for (int p = 0; p < grey.rgb().length; p += 3) {
      assertEquals(grey.rgb()[p], grey.rgb()[p + 1]);
      assertEquals(grey.rgb()[p], grey.rgb()[p + 2]);
    }
    RgbImage flat = Augment.colorJitter(lotus, 1, 0, 1);
    for (byte b : flat.rgb()) assertEquals(flat.rgb()[0], b);
    RgbImage brighter = Augment.colorJitter(lotus, 1.15, 1, 1);
    assertTrue(mean(brighter) > mean(lotus));
    RgbImage lowContrast = Augment.colorJitter(lotus, 1, 0.85, 1);
    assertTrue(spread(lowContrast) < spread(lotus));
    var e = assertThrows(IllegalArgumentException.class, () -> Augment.colorJitter(lotus, 1, -0.2, 1));
    assertTrue(e.getMessage().contains("contrast") && e.getMessage().contains("-0.2"), e.getMessage());
  }

  @Test
  void jpegRecompressionLosesMoreAtLowerQuality() {
    RgbImage q95 = Augment.jpegRecompress(lotus, 95);
    RgbImage q20 = Augment.jpegRecompress(lotus, 20);
    assertEquals(lotus.width(), q95.width());
    assertEquals(lotus.height(), q95.height());
    double d95 = TestImages.meanAbsDiff(lotus, q95);
    double d20 = TestImages.meanAbsDiff(lotus, q20);
    assertTrue(d95 > 0 && d95 < 2.5, "q95 mean abs diff " + d95);
    assertTrue(d20 > 2 * d95 && d20 > 2, "q20 mean abs diff " + d20 + " vs q95 " + d95);
    assertArrayEquals(q20.rgb(), Augment.jpegRecompress(lotus, 20).rgb(), "deterministic");
    var e = assertThrows(IllegalArgumentException.class, () -> Augment.jpegRecompress(lotus, 0));
    assertTrue(e.getMessage().contains("got: 0"), e.getMessage());
  }

  static int sum(RgbImage img, int x, int y) {
    return img.get(x, y, 0) + img.get(x, y, 1) + img.get(x, y, 2);
  }

  static int maxAbsDiff(RgbImage a, RgbImage b) {
    int max = 0;
    for (int i = 0; i < a.rgb().length; i++) max = Math.max(max, Math.abs((a.rgb()[i] & 0xFF) - (b.rgb()[i] & 0xFF)));
    return max;
  }

  static double mean(RgbImage img) {
    long s = 0;
    for (byte b : img.rgb()) s += b & 0xFF;
    return (double) s / img.rgb().length;
  }

  static double spread(RgbImage img) {
    double m = mean(img);
    double s = 0;
    for (byte b : img.rgb()) s += Math.abs((b & 0xFF) - m);
    return s / img.rgb().length;
  }
}
