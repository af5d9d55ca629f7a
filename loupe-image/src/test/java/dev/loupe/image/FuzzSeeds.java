package dev.loupe.image;

import dev.loupe.core.image.RgbImage;
import dev.loupe.testing.TestImages;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the seed corpus of {@link ImageDecoderFuzzTest}: tiny files of every decoded format, cut from a real
 * Caltech photo, a few hundred bytes each so that the fuzzer mutates structure rather than pixels. Run once by
 * hand when the seeds must change; the files are kept in src/test/resources.
 *
 * <pre>java -cp ... dev.loupe.image.FuzzSeeds loupe-image/src/test/resources/dev/loupe/image/ImageDecoderFuzzTestInputs/decode</pre>
 */
final class FuzzSeeds {
  private FuzzSeeds() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    Files.createDirectories(out);
    BufferedImage photo = javax.imageio.ImageIO.read(TestImages.caltech(TestImages.LOTUS).toFile());
    BufferedImage small = scaled(photo, 12, 8);
    BufferedImage tiny = scaled(photo, 4, 3);
    byte[] jpeg = TestImages.writeJpeg(small, 0.5f, false);
    write(out, "photo-12x8.jpg", jpeg);
    write(out, "photo-12x8-progressive.jpg", TestImages.writeJpeg(small, 0.5f, true));
    write(out, "photo-12x8-exif6.jpg", TestImages.splice(jpeg, 2, TestImages.exifApp1(6, true)));
    byte[] png = TestImages.write(tiny, "png");
    write(out, "photo-4x3.png", png);
    write(out, "photo-4x3-exif3.png",
        TestImages.splice(png, 33, TestImages.pngChunk("eXIf", TestImages.exifTiff(3, false))));
    write(out, "photo-4x3.gif", TestImages.write(tiny, "gif"));
    write(out, "photo-4x3.bmp", TestImages.write(tiny, "bmp"));
    write(out, "photo-4x3.tiff", TestImages.write(tiny, "tiff"));
    write(out, "photo-4x3.webp", WebPLosslessWriter.encode(BufferedImages.toRgb(tiny)));
  }

  private static BufferedImage scaled(BufferedImage src, int w, int h) {
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    out.getGraphics().drawImage(src.getScaledInstance(w, h, Image.SCALE_AREA_AVERAGING), 0, 0, null);
    return out;
  }

  private static void write(Path dir, String name, byte[] bytes) throws IOException, ImageDecodeException {
    Files.write(dir.resolve(name), bytes);
    RgbImage check = ImageDecoder.decode(bytes, name, DecodeOptions.DEFAULTS).image(); // every seed must decode
    System.out.printf("%s: %d bytes, %dx%d%n", name, bytes.length, check.width(), check.height());
  }
}
