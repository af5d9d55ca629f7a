package dev.loupe.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.image.RgbImage;
import dev.loupe.testing.TestImages;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MultiCropTest {

  static RgbImage airplane; // 393x165

  @BeforeAll
  static void load() throws ImageDecodeException {
    airplane = Decoding.decode(TestImages.AIRPLANE);
  }

  @Test
  void oneCropIsTheWholeImage() {
    List<RgbImage> crops = MultiCrop.crops(airplane, 1);
    assertEquals(1, crops.size());
    assertSame(airplane, crops.get(0));
  }

  @Test
  void fiveCropsAreTheWholeImageAndFourCornersOfSixtyPercent() {
    List<CropRegion> r = MultiCrop.regions(393, 165, 5);
    // round(0.6 * 393) = 236, round(0.6 * 165) = 99; the corners touch the edges
    assertEquals(List.of(new CropRegion(0, 0, 393, 165), new CropRegion(0, 0, 236, 99), new CropRegion(157, 0, 236, 99),
        new CropRegion(0, 66, 236, 99), new CropRegion(157, 66, 236, 99)), r);
  }

  @Test
  void nineAndTenAddTheEdgeCentresAndTheCentre() {
    List<CropRegion> ten = MultiCrop.regions(393, 165, 10);
    // middle offsets: round(157 / 2.0) = 79 (half up), round(66 / 2.0) = 33
    assertEquals(List.of(new CropRegion(79, 0, 236, 99), new CropRegion(0, 33, 236, 99), new CropRegion(157, 33, 236, 99),
        new CropRegion(79, 66, 236, 99), new CropRegion(79, 33, 236, 99)), ten.subList(5, 10));
    assertEquals(ten.subList(0, 9), MultiCrop.regions(393, 165, 9));
    assertEquals(ten.subList(0, 5), MultiCrop.regions(393, 165, 5));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 5, 9, 10})
  void cropsAreTheSourceCutAtTheirRegionsWithTheSameAspect(int n) {
    List<RgbImage> crops = MultiCrop.crops(airplane, n);
    List<CropRegion> regions = MultiCrop.regions(airplane.width(), airplane.height(), n);
    assertEquals(n, crops.size());
    for (int i = 0; i < n; i++) {
      RgbImage c = crops.get(i);
      CropRegion r = regions.get(i);
      assertTrue(r.fitsIn(airplane.width(), airplane.height()));
      assertEquals(r.width(), c.width());
      assertEquals(r.height(), c.height());
      assertArrayEquals(Augment.crop(airplane, r.x(), r.y(), r.width(), r.height()).rgb(), c.rgb(), "crop " + i);
      assertEquals((double) airplane.width() / airplane.height(), (double) c.width() / c.height(), 0.02);
    }
  }

  @Test
  void tinyImagesStillGiveValidCrops() {
    List<RgbImage> crops = MultiCrop.crops(new RgbImage(1, 2, new byte[6]), 10);
    assertEquals(10, crops.size());
    for (RgbImage c : crops.subList(1, 10)) assertEquals(1, c.width());
  }

  @Test
  void unsupportedCountsAreRejectedWithTheValue() {
    for (int n : new int[] {0, 11, -1}) {
      var e = assertThrows(IllegalArgumentException.class, () -> MultiCrop.crops(airplane, n));
      assertTrue(e.getMessage().endsWith("got: " + n), e.getMessage());
    }
  }
}
