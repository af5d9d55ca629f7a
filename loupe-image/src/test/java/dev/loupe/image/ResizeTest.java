package dev.loupe.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.image.RgbImage;
import dev.loupe.testing.TestImages;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ResizeTest {

  /** A width x 1 grey image with the given values. */
  static RgbImage row(int... values) {
    byte[] rgb = new byte[3 * values.length];
    for (int i = 0; i < values.length; i++) Arrays.fill(rgb, 3 * i, 3 * i + 3, (byte) values[i]);
    return new RgbImage(values.length, 1, rgb);
  }

  static int[] reds(RgbImage img) {
    int[] out = new int[img.width() * img.height()];
    for (int i = 0; i < out.length; i++) out[i] = img.rgb()[3 * i] & 0xFF;
    return out;
  }

  static RgbImage random(int w, int h, long seed) {
    byte[] rgb = new byte[3 * w * h];
    new Random(seed).nextBytes(rgb);
    return new RgbImage(w, h, rgb);
  }

  @Test
  void bilinearHalvingUsesATriangleTwoPixelsWide() {
    // Not a pair average (that is Pillow's BOX): at scale 2 the triangle has support 2. Output 0 has centre 1.0
    // and reads pixels 0,1,2 at distances 0.5, 0.5, 1.5 -> weights 0.75, 0.75, 0.25 -> 3/7, 3/7, 1/7.
    // (0*3 + 100*3 + 200) / 7 = 71.4 -> 71; output 1: (100 + 200*3 + 255*3) / 7 = 209.3 -> 209. Pillow agrees.
    assertArrayEquals(new int[] {71, 209}, reds(Resize.resize(row(0, 100, 200, 255), 2, 1, Interpolation.BILINEAR)));
  }

  @Test
  void bicubicHalving() {
    // Keys a=-0.5 at distances 0.25, 0.25, 0.75, 1.25 (x 0.5 scale): 0.8671875, 0.8671875, 0.2265625, -0.0703125
    // over pixels 0..3 (sum 1.890625): (86.71875 + 45.3125 - 17.9296875) / 1.890625 = 60.35 -> 60. Mirror: 221.
    assertArrayEquals(new int[] {60, 221}, reds(Resize.resize(row(0, 100, 200, 255), 2, 1, Interpolation.BICUBIC)));
  }

  @Test
  void nearestHalvingTakesThePixelUnderEachCentre() {
    // Centres 1.0 and 3.0 fall in pixels 1 and 3.
    assertArrayEquals(new int[] {100, 255}, reds(Resize.resize(row(0, 100, 200, 255), 2, 1, Interpolation.NEAREST)));
  }

  @Test
  void bilinearDoubling() {
    // Centres 0.25, 0.75, 1.25, 1.75 in source coordinates; pixel centres at 0.5 and 1.5; edge taps are clipped
    // and renormalised, so the ends copy the edge pixel. 0.75: 0*0.75 + 255*0.25 = 63.75 -> 64.
    assertArrayEquals(new int[] {0, 64, 191, 255}, reds(Resize.resize(row(0, 255), 4, 1, Interpolation.BILINEAR)));
  }

  @Test
  void downscaledRampKeepsItsInteriorValues() {
    // A symmetric filter over a linear ramp returns the ramp at the output centre: 16i + 7.5, rounded up by the
    // fixed-point +0.5. The two edge pixels see a clipped filter. Values as Pillow 9.4 gives them.
    int[] ramp = new int[256];
    for (int i = 0; i < 256; i++) ramp[i] = i;
    assertArrayEquals(
        new int[] {9, 24, 40, 56, 72, 88, 104, 120, 136, 152, 168, 184, 200, 216, 232, 246},
        reds(Resize.resize(row(ramp), 16, 1, Interpolation.BILINEAR)));
  }

  @ParameterizedTest
  @EnumSource(Interpolation.class)
  void constantImageStaysConstant(Interpolation interpolation) {
    byte[] rgb = new byte[3 * 37 * 23];
    for (int i = 0; i < rgb.length; i += 3) {
      rgb[i] = (byte) 200;
      rgb[i + 1] = 7;
      rgb[i + 2] = (byte) 255;
    }
    RgbImage flat = new RgbImage(37, 23, rgb);
    for (int[] size : new int[][] {{5, 3}, {16, 16}, {100, 61}, {37, 10}, {1, 1}}) {
      RgbImage out = Resize.resize(flat, size[0], size[1], interpolation);
      for (int p = 0; p < out.rgb().length; p += 3) {
        assertEquals(200, out.rgb()[p] & 0xFF);
        assertEquals(7, out.rgb()[p + 1]);
        assertEquals(255, out.rgb()[p + 2] & 0xFF);
      }
    }
  }

  @Test
  void sameSizeIsACopy() {
    RgbImage img = random(31, 17, 1);
    for (Interpolation i : Interpolation.values()) {
      assertArrayEquals(img.rgb(), Resize.resize(img, 31, 17, i).rgb());
    }
  }

  @ParameterizedTest
  @CsvSource({
    "400, 300, 256, 341, 256", // 256 * 400 / 300 = 341.3
    "300, 400, 256, 256, 341",
    "393, 165, 256, 609, 256", // 609.75 is truncated like torchvision; rounding would give 610
    "300, 197, 256, 389, 256", // 389.85
    "250, 250, 256, 256, 256",
    "10, 1000, 224, 224, 22400"
  })
  void shorterSideSizeTruncatesTheLongerSide(int w, int h, int size, int ew, int eh) {
    assertEquals(new Resize.Size(ew, eh), Resize.shorterSideSize(w, h, size));
  }

  @ParameterizedTest
  @CsvSource({
    "341, 224, 58", // 58.5 -> 58 (half to even)
    "257, 224, 16", // 16.5 -> 16
    "259, 224, 18", // 17.5 -> 18
    "256, 224, 16",
    "224, 224, 0",
    "200, 224, -12" // smaller: padded by 12 on the left/top
  })
  void cropOffsetsRoundHalfToEven(int in, int out, int offset) {
    assertEquals(offset, Resize.cropOffset(in, out));
  }

  @Test
  void centerCropTakesTheMiddle() {
    // Red channel = x, green = y: the crop's first pixel names its offset.
    byte[] rgb = new byte[3 * 241 * 259];
    for (int y = 0; y < 259; y++) {
      for (int x = 0; x < 241; x++) {
        rgb[3 * (y * 241 + x)] = (byte) x;
        rgb[3 * (y * 241 + x) + 1] = (byte) y;
      }
    }
    RgbImage crop = Resize.centerCrop(new RgbImage(241, 259, rgb), 224, 224);
    assertEquals(224, crop.width());
    assertEquals(8, crop.get(0, 0, 0)); // (241 - 224) / 2 = 8.5 -> 8
    assertEquals(18, crop.get(0, 0, 1)); // (259 - 224) / 2 = 17.5 -> 18
    assertEquals(8 + 223, crop.get(223, 223, 0));
  }

  @Test
  void centerCropPadsSmallImagesWithBlack() {
    byte[] white = new byte[3 * 100 * 50];
    Arrays.fill(white, (byte) 255);
    RgbImage crop = Resize.centerCrop(new RgbImage(100, 50, white), 121, 60);
    // Padding left = (121 - 100) / 2 = 10, right 11; top = 5, bottom 5.
    assertEquals(0, crop.get(9, 30, 0));
    assertEquals(255, crop.get(10, 30, 0));
    assertEquals(255, crop.get(109, 30, 0));
    assertEquals(0, crop.get(110, 30, 0));
    assertEquals(0, crop.get(50, 4, 1));
    assertEquals(255, crop.get(50, 5, 1));
    assertEquals(255, crop.get(50, 54, 1));
    assertEquals(0, crop.get(50, 55, 1));
  }

  @ParameterizedTest
  @EnumSource(Interpolation.class)
  void fusedResizeAndCropEqualsTheTwoSteps(Interpolation interpolation) {
    Random random = new Random(3);
    for (int t = 0; t < 12; t++) {
      RgbImage img = random(40 + random.nextInt(400), 40 + random.nextInt(400), t);
      int size = 16 + random.nextInt(300);
      int crop = 8 + random.nextInt(size + 20); // sometimes larger than the image: padding path
      RgbImage twoSteps = Resize.centerCrop(Resize.resizeShorterSide(img, size, interpolation), crop, crop);
      RgbImage fused = Resize.resizeShorterSideAndCenterCrop(img, size, crop, crop, interpolation);
      assertArrayEquals(twoSteps.rgb(), fused.rgb(), img.width() + "x" + img.height() + " " + size + "/" + crop);
    }
  }

  /** SHA-256 of Pillow 9.4's output on the same decoded photos: shorter side 256 + crop 224 etc. */
  @ParameterizedTest
  @CsvSource({
    "train/lotus/image_0001.jpg, bil256c224, 21e5ae70be06f662489ac2971c6023605924f433350d3253ba56f4b78554eb4e",
    "train/lotus/image_0001.jpg, bic224c224, 2d469a38018e3a2395a11352b7545b73a2b8623c99dc6ea12688045fd1166113",
    "train/lotus/image_0001.jpg, bil16, 2cc2fa41d55052f22768d29b140b7bc08719166e8237967e1ea381734465f5a1",
    "test/airplanes/image_0003.jpg, bil256c224, 18bc905575c60d96da63b7f0ec033749bb9242639fb8703a9525993073e23c1c",
    "test/airplanes/image_0003.jpg, bic224c224, 490aee759609dd9a6228239be5ba85f77dd98a520fcd7d198247623ff709f54f",
    "test/airplanes/image_0003.jpg, bil16, 2fae99386c1b555ffc1448055579cdc76efe508917948465f85165212b453d73",
    "test/car_side/image_0003.jpg, bil256c224, 3b4bd3dd83c3d753a4c2f3d1fbac875c5c8a00eea85d2d4ae76be00a50b82d52",
    "test/car_side/image_0003.jpg, bic224c224, 034ed7b97c9c8b1f5e8dde2a0d78c530243d124a65815f6d70707294eb9d6e91",
    "test/car_side/image_0003.jpg, bil16, aa33bc216b8742e21311148db500015496bf50c2881b96794de2785fcbfbed47"
  })
  void matchesPillowBitForBit(String file, String recipe, String sha256) throws Exception {
    RgbImage img = Decoding.decode(file);
    RgbImage out = switch (recipe) {
      case "bil256c224" -> Resize.resizeShorterSideAndCenterCrop(img, 256, 224, 224, Interpolation.BILINEAR);
      case "bic224c224" -> Resize.resizeShorterSideAndCenterCrop(img, 224, 224, 224, Interpolation.BICUBIC);
      case "bil16" -> Resize.resize(img, 16, 16, Interpolation.BILINEAR);
      default -> throw new IllegalArgumentException(recipe);
    };
    assertEquals(sha256, ImageDecoderFormatsTest.sha256(out.rgb()));
  }

  @Test
  void rejectsBadSizes() {
    RgbImage img = random(4, 4, 0);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Resize.resize(img, 0, 5, Interpolation.BILINEAR));
    assertEquals("size must be positive, got: 0x5", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Resize.resizeShorterSide(img, -1, Interpolation.BILINEAR));
  }
}
