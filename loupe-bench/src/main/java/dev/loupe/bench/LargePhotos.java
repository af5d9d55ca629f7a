package dev.loupe.bench;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Phone-sized photos for the end-to-end benchmark: no folder of 12 MP photos exists on these machines, so real
 * shared photos (picked with a fixed seed) are upscaled to 4032×3024, the size of a 12 MP phone camera, and given
 * a fixed-seed Gaussian grain before being written as baseline JPEGs at quality 92.
 *
 * <p>The grain matters: a plain upscale is so smooth that its JPEG is a fraction of a real photo's size and its
 * entropy decoding far cheaper; with grain the files are a few megabytes, like a phone's. Files are written once
 * into the bench's own folder and reused when their name (which holds every parameter) already exists.
 */
final class LargePhotos {
  static final int WIDTH = 4032;
  static final int HEIGHT = 3024;
  static final float QUALITY = 0.92f;
  private static final double GRAIN = 6.0; // standard deviation in 8-bit levels

  private LargePhotos() {}

  /** {@code count} large JPEGs made from {@code sources} into {@code dir}, generating the missing ones. */
  static List<Path> generate(List<Path> sources, int count, long seed, Path dir) throws IOException {
    List<Path> pool = new ArrayList<>(sources);
    Collections.sort(pool);
    Collections.shuffle(pool, new Random(seed));
    Files.createDirectories(dir);
    List<Path> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Path source = pool.get(i % pool.size());
      Path target = dir.resolve(String.format(Locale.ROOT, "large-%d-%03d-%dx%d-q%d.jpg", seed, i, WIDTH, HEIGHT,
          Math.round(QUALITY * 100)));
      if (!Files.exists(target)) write(source, seed + i, target);
      out.add(target);
    }
    return out;
  }

  private static void write(Path source, long seed, Path target) throws IOException {
    BufferedImage small = ImageIO.read(source.toFile());
    if (small == null) throw new IOException("not an image ImageIO reads: " + source);
    BufferedImage large = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = large.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
      g.drawImage(small, 0, 0, WIDTH, HEIGHT, null);
    } finally {
      g.dispose();
    }
    addGrain(large, new Random(seed));
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try (OutputStream os = Files.newOutputStream(tmp); ImageOutputStream ios = ImageIO.createImageOutputStream(os)) {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(QUALITY);
      writer.setOutput(ios);
      writer.write(null, new IIOImage(large, null, null), param);
    } finally {
      writer.dispose();
    }
    Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private static void addGrain(BufferedImage image, Random random) {
    int[] row = new int[WIDTH];
    for (int y = 0; y < HEIGHT; y++) {
      image.getRGB(0, y, WIDTH, 1, row, 0, WIDTH);
      for (int x = 0; x < WIDTH; x++) {
        int p = row[x];
        int n = (int) Math.round(random.nextGaussian() * GRAIN); // one grain value for the three channels: luma noise
        row[x] = clamp((p >> 16 & 0xff) + n) << 16 | clamp((p >> 8 & 0xff) + n) << 8 | clamp((p & 0xff) + n);
      }
      image.setRGB(0, y, WIDTH, 1, row, 0, WIDTH);
    }
  }

  private static int clamp(int v) {
    return v < 0 ? 0 : Math.min(255, v);
  }
}
