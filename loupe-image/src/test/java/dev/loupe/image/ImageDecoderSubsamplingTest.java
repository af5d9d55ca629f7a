package dev.loupe.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.image.RgbImage;
import dev.loupe.testing.TestImages;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Large photos are decoded subsampled down to about twice the size the embedder needs. */
class ImageDecoderSubsamplingTest {

  static byte[] large; // a real photo upscaled to 4000 x 3000, as JPEG

  @BeforeAll
  static void makeLargeJpeg() throws Exception {
    BufferedImage photo = BufferedImages.toBufferedImage(Decoding.decode(TestImages.LOTUS));
    BufferedImage big = new BufferedImage(4000, 3000, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = big.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(photo, 0, 0, 4000, 3000, null);
    g.dispose();
    large = TestImages.writeJpeg(big, 0.85f, false);
  }

  @Test
  void shrinksOnLoadWithLibvips() throws Exception {
    DecodedImage d = ImageDecoder.forName("vips").read(large, "large.jpg", DecodeOptions.DEFAULTS.withMinShorterSide(256));
    // libjpeg scales by 1/2, 1/4 or 1/8: 3000 / 4 = 750 >= 512 > 3000 / 8, so 4000x3000 -> 1000x750.
    assertEquals(1000, d.image().width());
    assertEquals(750, d.image().height());
    DecodedImage full = ImageDecoder.forName("vips").read(large, "large.jpg", DecodeOptions.DEFAULTS);
    RgbImage a = Resize.resize(d.image(), 64, 64, Interpolation.BILINEAR);
    RgbImage b = Resize.resize(full.image(), 64, 64, Interpolation.BILINEAR);
    double mad = TestImages.meanAbsDiff(a, b);
    assertTrue(mad < 4, "mean abs diff " + mad);
  }

  @Test
  void subsamplesToAtLeastTwiceTheTarget() throws Exception {
    // The ImageIO decoder's subsampling (libvips' shrink-on-load is above).
    DecodedImage d = ImageIoDecoder.INSTANCE.read(large, "large.jpg", DecodeOptions.DEFAULTS.withMinShorterSide(256));
    // step = floor(3000 / 512) = 5: 4000x3000 -> 800x600.
    assertEquals(800, d.image().width());
    assertEquals(600, d.image().height());
    assertTrue(d.image().shorterSide() >= 512 && d.image().shorterSide() <= 1024, "shorter " + d.image().shorterSide());
    assertEquals(4000, d.originalWidth());
    assertEquals(3000, d.originalHeight());
    assertTrue(d.subsampled());

    // Same picture as the full decode: compare both reduced to 64x64.
    DecodedImage full = ImageIoDecoder.INSTANCE.read(large, "large.jpg", DecodeOptions.DEFAULTS);
    assertFalse(full.subsampled());
    assertEquals(4000, full.image().width());
    RgbImage a = Resize.resize(d.image(), 64, 64, Interpolation.BILINEAR);
    RgbImage b = Resize.resize(full.image(), 64, 64, Interpolation.BILINEAR);
    double mad = TestImages.meanAbsDiff(a, b);
    assertTrue(mad < 4, "mean abs diff " + mad);
  }

  @Test
  void smallImagesAreNotSubsampled() throws Exception {
    DecodedImage d = ImageDecoder.decode(TestImages.caltech(TestImages.LOTUS), DecodeOptions.DEFAULTS.withMinShorterSide(224));
    assertFalse(d.subsampled()); // 237 < 2 * 224
  }

  @Test
  void stepKeepsTheShorterSideAboveTwiceTheTarget() {
    DecodeOptions o = DecodeOptions.DEFAULTS.withMinShorterSide(256);
    assertEquals(1, o.subsamplingStep(1023)); // 1023 / 512 = 1
    assertEquals(2, o.subsamplingStep(1024));
    assertEquals(5, o.subsamplingStep(3000));
    for (int side = 1; side < 20_000; side += 37) {
      int step = o.subsamplingStep(side);
      int decoded = (side + step - 1) / step; // ImageIO keeps ceil(side / step) pixels
      assertTrue(step == 1 || decoded >= 512, side + " / " + step);
      assertTrue(decoded < 1024 || step == 1, side + " / " + step + " = " + decoded);
    }
    assertEquals(1, DecodeOptions.DEFAULTS.subsamplingStep(100_000)); // off by default
  }
}
