package dev.loupe.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.embed.Embedder;
import dev.loupe.core.embed.EmbedderDescriptor;
import dev.loupe.core.embed.EnsembleEmbedder;
import dev.loupe.core.image.RgbImage;
import dev.loupe.core.query.Vectors;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link Embedder} contract, for every implementation (after Lucene's {@code BaseKnnVectorsFormatTestCase}):
 * a test class extends this, gives {@link #newEmbedder}, and adds only its own cases. Inputs are real Caltech-20
 * photos, read with the JDK's ImageIO so the suite does not depend on Loupe's decoder.
 */
public abstract class BaseEmbedderTestCase {
  private static final String[] PHOTOS = {
    "test/airplanes/image_0003.jpg", "test/lotus/image_0003.jpg", "test/watch/image_0002.jpg",
    "test/starfish/image_0001.jpg", "test/car_side/image_0003.jpg", "train/lotus/image_0001.jpg",
    "train/airplanes/image_0001.jpg", "train/watch/image_0001.jpg",
  };

  private Embedder embedder;

  /** A new embedder under test; the suite closes it. */
  protected abstract Embedder newEmbedder() throws Exception;

  /**
   * The largest batch the embedder sends to its backend in one call; the suite embeds more than this at once.
   * Loupe's ONNX embedder caps dynamic batches at 32.
   */
  protected int internalMaxBatch() {
    return 32;
  }

  /**
   * How far two runs of the same input may differ, per component. Zero for pure Java code; inference
   * libraries may pick other kernels for other batch sizes and differ in the last bits.
   */
  protected float tolerance() {
    return 0f;
  }

  @BeforeEach
  void open() throws Exception {
    embedder = newEmbedder();
  }

  @AfterEach
  void close() {
    if (embedder != null) embedder.close();
  }

  /** The embedder under test (opened for each test). */
  protected Embedder embedder() {
    return embedder;
  }

  /** Real photos, decoded to 8-bit RGB with ImageIO. */
  protected static List<RgbImage> photos() {
    List<RgbImage> images = new ArrayList<>();
    for (String photo : PHOTOS) images.add(rgb(SharedData.data("caltech20").resolve(photo)));
    return images;
  }

  /** Reads an image file with ImageIO into an {@link RgbImage}. */
  public static RgbImage rgb(Path file) {
    try {
      BufferedImage image = ImageIO.read(file.toFile());
      if (image == null) throw new IOException("ImageIO cannot read " + file);
      int w = image.getWidth();
      int h = image.getHeight();
      byte[] rgb = new byte[3 * w * h];
      int[] row = new int[w];
      for (int y = 0; y < h; y++) {
        image.getRGB(0, y, w, 1, row, 0, w);
        for (int x = 0; x < w; x++) {
          int at = 3 * (y * w + x);
          rgb[at] = (byte) (row[x] >> 16);
          rgb[at + 1] = (byte) (row[x] >> 8);
          rgb[at + 2] = (byte) row[x];
        }
      }
      return new RgbImage(w, h, rgb);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  public void vectorsHaveTheDescribedDimensionAndAreFinite() {
    EmbedderDescriptor d = embedder.descriptor();
    assertEquals(d.dimension(), embedder.dimension());
    assertTrue(d.dimension() > 0, "dimension");
    assertTrue(embedder.minInputSide() > 0, "minInputSide");
    for (RgbImage image : photos()) {
      float[] v = embedder.embed(image);
      assertEquals(d.dimension(), v.length, d.name() + ": vector length");
      for (float x : v) assertTrue(Float.isFinite(x), d.name() + ": non-finite component " + x);
      if (d.normalized()) assertEquals(1.0, Vectors.norm(v), 1e-4, d.name() + " says normalized: unit length");
    }
  }

  @Test
  public void differentPhotosGiveDifferentVectors() {
    List<RgbImage> photos = photos();
    float[] a = embedder.embed(photos.get(0));
    float[] b = embedder.embed(photos.get(1));
    assertTrue(maxDifference(a, b) > 1e-3, "an airplane and a lotus must not embed alike");
  }

  @Test
  public void embeddingIsDeterministic() {
    List<RgbImage> photos = photos();
    List<float[]> prepared = prepareAll(photos);
    for (int i = 0; i < photos.size(); i++) {
      assertEquals(0f, maxDifference(prepared.get(i), embedder.prepare(photos.get(i))), "prepare is a pure function");
    }
    float[][] first = embedder.embedPrepared(prepared);
    float[][] second = embedder.embedPrepared(prepared);
    for (int i = 0; i < first.length; i++) {
      assertEquals(0f, maxDifference(first[i], second[i]), "the same batch twice gives the same vectors");
    }
  }

  @Test
  public void aBatchLargerThanTheInternalMaximumKeepsOrderAndValues() {
    List<float[]> one = prepareAll(photos());
    List<float[]> many = new ArrayList<>();
    while (many.size() <= internalMaxBatch() + 3) many.addAll(one);
    float[][] batched = embedder.embedPrepared(many);
    assertEquals(many.size(), batched.length, "one vector per input");
    for (int i = 0; i < many.size(); i++) {
      float[] alone = embedder.embedPrepared(List.of(many.get(i)))[0];
      assertTrue(maxDifference(alone, batched[i]) <= tolerance(),
          "input " + i + " of " + many.size() + " embeds as it does alone (diff " + maxDifference(alone, batched[i]) + ")");
    }
  }

  @Test
  public void concurrentCallsGiveTheSameVectorsAsOneThread() throws Exception {
    List<float[]> prepared = prepareAll(photos());
    float[][] reference = embedder.embedPrepared(prepared);
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<float[][]>> results = new ArrayList<>();
      for (int t = 0; t < threads * 3; t++) results.add(pool.submit(() -> embedder.embedPrepared(prepared)));
      for (Future<float[][]> r : results) {
        float[][] got = r.get();
        for (int i = 0; i < reference.length; i++) {
          assertTrue(maxDifference(reference[i], got[i]) <= tolerance(), "concurrent call, input " + i);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  public void anEnsembleOfTheEmbedderWithItselfRanksLikeIt() {
    // With two copies of the member the ensemble's cosine is the member's cosine: weights and normalisation
    // must not change how two images compare.
    List<RgbImage> photos = photos();
    EnsembleEmbedder pair = new EnsembleEmbedder(List.of(
        new EnsembleEmbedder.Member(embedder, 1.0), new EnsembleEmbedder.Member(embedder, 1.0)));
    assertEquals(2 * embedder.dimension(), pair.dimension());
    assertTrue(pair.descriptor().normalized());
    float[] a = embedder.embed(photos.get(2));
    float[] b = embedder.embed(photos.get(7));
    float[][] ab = pair.embed(List.of(photos.get(2), photos.get(7)));
    assertEquals(cosine(a, b), Vectors.dot(ab[0], ab[1]), 1e-4, "ensemble cosine of watch vs watch");
    assertFalse(pair.descriptor().fingerprint().isEmpty(), "an ensemble's fingerprint names its members");
  }

  private List<float[]> prepareAll(List<RgbImage> images) {
    List<float[]> prepared = new ArrayList<>();
    for (RgbImage image : images) prepared.add(embedder.prepare(image));
    return prepared;
  }

  private static double cosine(float[] a, float[] b) {
    return Vectors.dot(a, b) / ((double) Vectors.norm(a) * Vectors.norm(b));
  }

  /** The largest absolute difference between two vectors of one length. */
  protected static float maxDifference(float[] a, float[] b) {
    assertEquals(a.length, b.length, "vector lengths");
    float max = 0;
    for (int i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
    return max;
  }
}
