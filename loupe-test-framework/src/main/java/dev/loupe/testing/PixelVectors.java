package dev.loupe.testing;

import dev.loupe.core.embed.EmbedderDescriptor;
import dev.loupe.core.index.IndexSpec;
import dev.loupe.core.index.Item;
import dev.loupe.core.index.ItemStore;
import dev.loupe.core.query.Metric;
import dev.loupe.core.query.Vectors;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;

/**
 * Test vectors from real photos: the shared datasets box-filtered down to a few pixels. They have the
 * structure of real data (clusters, near-duplicates, skewed components) that random vectors lack, and need no
 * model. Each photo is decoded once per JVM into a 64×64 RGB thumbnail; every vector shape is cut from that.
 *
 * <p>Two sets: caltech20 (400 train photos as the database, 80 test photos as queries) and fashion-dev (1,912
 * product photos; every 20th is a query, the other 1,816 the database). Only fashion-dev is large enough for
 * Lucene 10.6 to build an HNSW graph: it skips the graph of a segment under about 650 vectors and scans it.
 */
public final class PixelVectors {
  private PixelVectors() {}

  /** A photo, its item and its vector. */
  public record Sample(String id, String label, float[] vector, Item item) {}

  /** A decoded photo: its item and its 64×64 RGB thumbnail, components in [0, 1]. */
  private record Photo(Item item, String label, float[] thumbnail) {}

  private static final int THUMB = 64;

  /** Layout of a pixel vector. */
  public record Shape(int width, int height, boolean rgb, boolean unit) {
    public int dimension() {
      return width * height * (rgb ? 3 : 1);
    }

    public String name() {
      return "pixels-" + width + "x" + height + (rgb ? "-rgb" : "-gray") + (unit ? "-unit" : "");
    }

    public EmbedderDescriptor descriptor() {
      return new EmbedderDescriptor(name(), dimension(), unit, Map.of("kind", "box-filtered pixels"));
    }

    public IndexSpec spec(Metric metric, IndexSpec.HnswParams hnsw) {
      return new IndexSpec(descriptor(), metric, hnsw);
    }

    @Override
    public String toString() {
      return name();
    }
  }

  /** 16×16 RGB = 768 components, centred and scaled to unit length: a "normalized embedder". */
  public static final Shape RGB_768_UNIT = new Shape(16, 16, true, true);
  /** 16×16 RGB raw intensities in [0, 1]: an embedder without normalization. */
  public static final Shape RGB_768_RAW = new Shape(16, 16, true, false);
  /** 40×32 grey = 1280 components (as many as MobileNetV2's features), unit length. */
  public static final Shape GRAY_1280_UNIT = new Shape(40, 32, false, true);
  /** 64×40 grey = 2560 components, raw. */
  public static final Shape GRAY_2560_RAW = new Shape(64, 40, false, false);

  private static final Map<String, List<Photo>> PHOTOS = new ConcurrentHashMap<>();

  public static List<Sample> train(Shape shape) {
    return samples(caltech("train"), shape);
  }

  public static List<Sample> test(Shape shape) {
    return samples(caltech("test"), shape);
  }

  /** The fashion-dev database: every product photo but each 20th. */
  public static List<Sample> fashionGallery(Shape shape) {
    List<Photo> all = fashion();
    return samples(IntStream.range(0, all.size()).filter(i -> i % 20 != 0).mapToObj(all::get).toList(), shape);
  }

  /** The fashion-dev queries: each 20th product photo (96). */
  public static List<Sample> fashionQueries(Shape shape) {
    List<Photo> all = fashion();
    return samples(IntStream.range(0, all.size()).filter(i -> i % 20 == 0).mapToObj(all::get).toList(), shape);
  }

  /**
   * Augmented views of the caltech20 train photos, in {@link #train} order, as an engine would store them with
   * {@code augmentViews = 2}: the photo's own vector, its mirror image, and a centre crop (the middle 48×48 of
   * the 64×64 thumbnail, a 1.33× zoom).
   */
  public static List<List<float[]>> trainViews(Shape shape) {
    return caltech("train").stream().map(p -> List.of(
        vector(p.thumbnail(), THUMB, THUMB, shape),
        vector(mirror(p.thumbnail(), THUMB, THUMB), THUMB, THUMB, shape),
        vector(crop(p.thumbnail(), THUMB, 8, 8, 48, 48), 48, 48, shape))).toList();
  }

  private static float[] mirror(float[] rgb, int w, int h) {
    float[] out = new float[rgb.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        System.arraycopy(rgb, (y * w + x) * 3, out, (y * w + (w - 1 - x)) * 3, 3);
      }
    }
    return out;
  }

  private static float[] crop(float[] rgb, int w, int x0, int y0, int cw, int ch) {
    float[] out = new float[cw * ch * 3];
    for (int y = 0; y < ch; y++) System.arraycopy(rgb, ((y0 + y) * w + x0) * 3, out, y * cw * 3, cw * 3);
    return out;
  }

  private static List<Sample> samples(List<Photo> photos, Shape shape) {
    return photos.stream()
        .map(p -> new Sample(p.item().id(), p.label(), vector(p.thumbnail(), THUMB, THUMB, shape), p.item()))
        .toList();
  }

  private static List<Photo> caltech(String split) {
    return PHOTOS.computeIfAbsent("caltech/" + split, key -> {
      Path root = split.equals("train") ? SharedData.caltechTrain() : SharedData.caltechTest();
      return SharedData.filesUnder(root).parallelStream().map(file -> {
        String label = SharedData.labelOf(file);
        return photo(split + "/" + label + "/" + file.getFileName(), file, label, Map.of("class", label, "split", split));
      }).toList();
    });
  }

  private static List<Photo> fashion() {
    return PHOTOS.computeIfAbsent("fashion", key -> {
      Path root = SharedData.data("fashion-dev");
      List<String> lines;
      try {
        lines = Files.readAllLines(root.resolve("products.csv"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      String[] header = lines.get(0).split(",", -1);
      List<String> rows = new ArrayList<>(lines.subList(1, lines.size()));
      return rows.parallelStream().map(line -> {
        String[] cells = line.split(",", -1); // products.csv has no quoted cells and no commas inside them
        Map<String, String> metadata = new LinkedHashMap<>();
        for (int c = 1; c < header.length; c++) metadata.put(header[c], cells[c]);
        return photo("fashion/" + cells[1], root.resolve(cells[0]), metadata.get("articleType"), metadata);
      }).toList();
    });
  }

  private static Photo photo(String id, Path file, String label, Map<String, String> metadata) {
    try {
      BufferedImage image = ImageIO.read(file.toFile());
      if (image == null) throw new IllegalStateException("cannot decode " + file);
      Item item = new Item(id, file.toString(), sha256(file), Files.size(file),
          Files.getLastModifiedTime(file).toMillis(), image.getWidth(), image.getHeight(), metadata);
      return new Photo(item, label, thumbnail(image));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static float[] thumbnail(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
    float[] rgb = new float[w * h * 3];
    for (int i = 0; i < argb.length; i++) {
      rgb[3 * i] = ((argb[i] >> 16) & 0xff) / 255f;
      rgb[3 * i + 1] = ((argb[i] >> 8) & 0xff) / 255f;
      rgb[3 * i + 2] = (argb[i] & 0xff) / 255f;
    }
    return boxFilter(rgb, w, h, THUMB, THUMB);
  }

  /**
   * Box filter: each target pixel is the mean of the source pixels under it (no aliasing, unlike sampling).
   * Input and output are interleaved RGB.
   */
  private static float[] boxFilter(float[] rgb, int w, int h, int tw, int th) {
    float[] out = new float[tw * th * 3];
    for (int y = 0; y < th; y++) {
      int y0 = y * h / th;
      int y1 = Math.max(y0 + 1, (y + 1) * h / th);
      for (int x = 0; x < tw; x++) {
        int x0 = x * w / tw;
        int x1 = Math.max(x0 + 1, (x + 1) * w / tw);
        double r = 0, g = 0, b = 0;
        for (int sy = y0; sy < y1; sy++) {
          for (int sx = x0; sx < x1; sx++) {
            int at = (sy * w + sx) * 3;
            r += rgb[at];
            g += rgb[at + 1];
            b += rgb[at + 2];
          }
        }
        double n = (double) (y1 - y0) * (x1 - x0);
        int at = (y * tw + x) * 3;
        out[at] = (float) (r / n);
        out[at + 1] = (float) (g / n);
        out[at + 2] = (float) (b / n);
      }
    }
    return out;
  }

  /** The vector of a w×h RGB image (components in [0, 1]) in the given shape. */
  private static float[] vector(float[] image, int w, int h, Shape shape) {
    float[] rgb = boxFilter(image, w, h, shape.width(), shape.height());
    float[] out;
    if (shape.rgb()) {
      out = rgb;
    } else {
      out = new float[shape.width() * shape.height()];
      for (int i = 0; i < out.length; i++) out[i] = 0.299f * rgb[3 * i] + 0.587f * rgb[3 * i + 1] + 0.114f * rgb[3 * i + 2];
    }
    if (shape.unit()) {
      // Centre on mid-grey first: raw intensities are all positive, so their cosines crowd near 1.
      for (int i = 0; i < out.length; i++) out[i] -= 0.5f;
      Vectors.normalizeInPlace(out);
    }
    return out;
  }

  public static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Puts every sample with its views ({@code views.get(i)} for sample i) and commits once. */
  public static void putAllViews(ItemStore store, List<Sample> samples, List<List<float[]>> views) throws IOException {
    for (int i = 0; i < samples.size(); i++) store.put(samples.get(i).item(), views.get(i));
    store.commit();
  }

  /** The mean of every item's own vector in the store, as an engine computes it for centring. */
  public static float[] mean(ItemStore store) throws IOException {
    double[] sum = new double[store.spec().embedder().dimension()];
    int[] count = {0};
    store.forEachVector((id, v) -> {
      for (int i = 0; i < v.length; i++) sum[i] += v[i];
      count[0]++;
    });
    float[] mean = new float[sum.length];
    for (int i = 0; i < mean.length; i++) mean[i] = (float) (sum[i] / count[0]);
    return mean;
  }

  /** Puts every sample and commits once. */
  public static void putAll(ItemStore store, List<Sample> samples) throws IOException {
    for (Sample s : samples) store.put(s.item(), s.vector());
    store.commit();
  }

  /** The two 768-d shapes whose exact searches every metric is checked on: unit vectors and raw ones. */
  public static List<org.junit.jupiter.params.provider.Arguments> unitAndRawShapes() {
    return List.of(org.junit.jupiter.params.provider.Arguments.of(RGB_768_UNIT),
        org.junit.jupiter.params.provider.Arguments.of(RGB_768_RAW));
  }
}
