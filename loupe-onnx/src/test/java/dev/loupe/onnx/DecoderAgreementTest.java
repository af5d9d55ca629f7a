package dev.loupe.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.query.Vectors;
import dev.loupe.image.DecodeOptions;
import dev.loupe.image.ImageDecoder;
import dev.loupe.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native decoder (libvips) against the ImageIO path, whose preprocessing reproduces Pillow's (MODELS.md): on
 * real photos and the strongest real model, every image's embedding agrees (cosine at least 0.99) and retrieval
 * mAP moves by at most 0.005. The rest of the preprocessing (resize, crop, normalise) is Loupe's on both paths;
 * only the decode differs.
 *
 * <p>Fast by default: all of caltech20 (480 photos) and every 8th fashion-dev product (239). With
 * {@code -Dloupe.agreement.full=true} all 1,912 products (the numbers in docs/native-decoding.md).
 */
class DecoderAgreementTest {
  private static final ModelPaths PATHS = new ModelPaths(List.of(SharedData.models()), SharedData.models());
  private static final boolean FULL = Boolean.getBoolean("loupe.agreement.full");
  private static final ImageDecoder IMAGEIO = ImageDecoder.forName("imageio");
  private static final ImageDecoder VIPS = ImageDecoder.forName("vips");

  private static OnnxImageEmbedder model;

  @BeforeAll
  static void load() {
    model = ModelCatalog.load(PATHS).open("mobilenetv2-tf2-ptq", 2);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  record Labelled(Path file, String label) {}

  private float[] embed(ImageDecoder decoder, Path file) throws Exception {
    // The options Loupe's indexer uses: the default pixel limit and the embedder's minimum side.
    return embed(decoder, file, DecodeOptions.DEFAULTS.withMinShorterSide(model.minInputSide()));
  }

  private float[] embed(ImageDecoder decoder, Path file, DecodeOptions options) throws Exception {
    return model.embed(decoder.read(file, options).image());
  }

  interface Embedding {
    float[] of(Path file) throws Exception;
  }

  private void compare(String what, List<Labelled> queries, List<Labelled> gallery) throws Exception {
    compare(what, queries, gallery, f -> embed(IMAGEIO, f), f -> embed(VIPS, f), true);
  }

  @Test
  void caltech20() throws Exception {
    Path root = SharedData.data("caltech20");
    List<Labelled> queries = new ArrayList<>();
    List<Labelled> gallery = new ArrayList<>();
    for (String line : Files.readAllLines(root.resolve("labels.csv")).subList(1, 481)) {
      String[] f = line.split(",");
      (f[1].equals("test") ? queries : gallery).add(new Labelled(root.resolve(f[0]), f[2]));
    }
    compare("caltech20 (80 test queries, 400 train gallery)", queries, gallery);
  }

  /**
   * Shrink-on-load, which the shared photos are too small to trigger (none has a shorter side above 2 x 256): every
   * 2nd caltech20 photo made 4 times larger by libvips (Lanczos, JPEG quality 95), then embedded by the Pillow-exact
   * path (ImageIO, full size, Loupe's resize) and by libvips shrinking on load to a shorter side of 512. ImageIO's
   * own subsampled decode (what the indexer did so far on such photos) is printed for comparison.
   */
  @Test
  void caltech20FourTimesLarger(@TempDir Path dir) throws Exception {
    Path root = SharedData.data("caltech20");
    List<Labelled> queries = new ArrayList<>();
    List<Labelled> gallery = new ArrayList<>();
    List<String> lines = Files.readAllLines(root.resolve("labels.csv")).subList(1, 481);
    for (int i = 0; i < lines.size(); i += 2) {
      String[] f = lines.get(i).split(",");
      Path large = dir.resolve(i + ".jpg");
      Process p = new ProcessBuilder("vips", "resize", root.resolve(f[0]).toString(), large + "[Q=95]", "4")
          .redirectErrorStream(true).start();
      String log = new String(p.getInputStream().readAllBytes());
      assertTrue(p.waitFor() == 0, "vips resize: " + log);
      (f[1].equals("test") ? queries : gallery).add(new Labelled(large, f[2]));
    }
    DecodeOptions exact = DecodeOptions.DEFAULTS;
    DecodeOptions shrink = DecodeOptions.DEFAULTS.withMinShorterSide(model.minInputSide());
    compare("caltech20 x4 (" + queries.size() + " queries, " + gallery.size() + " gallery), vips shrink-on-load vs"
        + " exact", queries, gallery, f -> embed(IMAGEIO, f, exact), f -> embed(VIPS, f, shrink), true);
    compare("caltech20 x4, ImageIO subsampled vs exact (for comparison)", queries, gallery,
        f -> embed(IMAGEIO, f, exact), f -> embed(IMAGEIO, f, shrink), false);
  }

  @Test
  void fashionDev() throws Exception {
    Path root = SharedData.data("fashion-dev");
    List<String> lines = Files.readAllLines(root.resolve("products.csv"));
    List<Labelled> items = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      if (!FULL && i % 8 != 1) continue;
      String[] f = lines.get(i).split(",", 7);
      items.add(new Labelled(root.resolve(f[0]), f[5])); // relevant = same articleType (data/README.md)
    }
    compare("fashion-dev (" + items.size() + " products, each a query against the others)", items, null);
  }

  /** Embeds with both decoders, asserts per-image cosine, prints and checks mAP; gallery null = leave-one-out. */
  private void compare(String what, List<Labelled> queries, List<Labelled> gallery, Embedding reference,
      Embedding candidate, boolean assertAgreement) throws Exception {
    List<Labelled> all = new ArrayList<>(queries);
    if (gallery != null) all.addAll(gallery);
    List<float[]> a = new ArrayList<>();
    List<float[]> b = new ArrayList<>();
    double worst = 1;
    String worstFile = "";
    for (Labelled item : all) {
      float[] x = reference.of(item.file());
      float[] y = candidate.of(item.file());
      a.add(x);
      b.add(y);
      double cos = Vectors.cosine(x, y);
      if (cos < worst) {
        worst = cos;
        worstFile = item.file().toString();
      }
    }
    double mapA = meanAveragePrecision(queries, gallery, a);
    double mapB = meanAveragePrecision(queries, gallery, b);
    System.out.printf(Locale.ROOT, "%s: min cosine %.5f (%s); mAP reference %.4f, candidate %.4f, difference"
        + " %+.4f%n", what, worst, worstFile, mapA, mapB, mapB - mapA);
    if (!assertAgreement) return;
    assertTrue(worst >= 0.99, what + ": cosine " + worst + " < 0.99 for " + worstFile);
    assertTrue(Math.abs(mapA - mapB) <= 0.005, what + ": mAP " + mapA + " (imageio) vs " + mapB + " (vips)");
  }

  /** mAP by cosine; gallery null means every query ranks all the other queries. */
  static double meanAveragePrecision(List<Labelled> queries, List<Labelled> gallery, List<float[]> vectors) {
    int nq = queries.size();
    List<Labelled> g = gallery == null ? queries : gallery;
    int offset = gallery == null ? 0 : nq;
    double sum = 0;
    int counted = 0;
    for (int q = 0; q < nq; q++) {
      List<double[]> scored = new ArrayList<>(); // {score, relevant}
      for (int i = 0; i < g.size(); i++) {
        if (gallery == null && i == q) continue;
        double s = Vectors.cosine(vectors.get(q), vectors.get(offset + i));
        scored.add(new double[] {s, g.get(i).label().equals(queries.get(q).label()) ? 1 : 0});
      }
      scored.sort((x, y) -> Double.compare(y[0], x[0]));
      int hits = 0;
      double ap = 0;
      for (int r = 0; r < scored.size(); r++) {
        if (scored.get(r)[1] == 1) ap += (double) ++hits / (r + 1);
      }
      if (hits == 0) continue; // a query whose class has no other member has no defined AP
      sum += ap / hits;
      counted++;
    }
    return sum / counted;
  }
}
