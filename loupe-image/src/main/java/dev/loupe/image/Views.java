package dev.loupe.image;

import dev.loupe.core.image.RgbImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;

/**
 * Light, label-preserving augmented views of an image, for index-time augmentation (each item also stores the
 * views' vectors) and test-time augmentation (the query's views are searched and fused).
 *
 * <p>The policy, view by view (view numbers from 1):
 *
 * <ol>
 *   <li>view 1: the horizontal mirror only (the classic TTA view: most photos mean the same mirrored);
 *   <li>views 2..n: a random mirror (probability ½) plus a random non-empty subset of: a crop of 80–95% of the
 *       area at the source's aspect ratio and a random position; a rotation of 2–10° either way (zoomed in to
 *       fill, see {@link Augment#rotate}); colour jitter with brightness, contrast and saturation factors in
 *       0.85–1.15.
 * </ol>
 *
 * <p>The parameters come from a {@link Random} seeded with {@code seed} and depend neither on the image nor on
 * {@code n}: the same seed gives every image the same recipes ({@link #plans}), and the first m views of n are
 * the m views asked for alone, so raising the view count keeps the views already indexed. Steps are applied as
 * crop, rotate, mirror, jitter (geometric first, on the full-resolution pixels). Same inputs, same bytes.
 */
public final class Views {
  private Views() {}

  static final double MIN_CROP_AREA = 0.80;
  static final double MAX_CROP_AREA = 0.95;
  static final double MIN_DEGREES = 2;
  static final double MAX_DEGREES = 10;
  static final double JITTER = 0.15;

  /**
   * One view's recipe; the neutral value of each step means "skip it".
   *
   * @param flip mirror left-right
   * @param cropArea fraction of the area kept, at the source's aspect ratio; 1 = no crop
   * @param cropX where the crop sits horizontally within the room left, 0 = left edge, 1 = right edge
   * @param cropY the same vertically, 0 = top
   * @param degrees counter-clockwise rotation; 0 = none
   * @param brightness colour jitter factor (see {@link Augment#colorJitter}), 1 = unchanged
   * @param contrast likewise
   * @param saturation likewise
   */
  public record Plan(boolean flip, double cropArea, double cropX, double cropY, double degrees,
      double brightness, double contrast, double saturation) {

    /** The identity recipe. */
    public static final Plan IDENTITY = new Plan(false, 1, 0.5, 0.5, 0, 1, 1, 1);

    public Plan {
      if (!(cropArea > 0 && cropArea <= 1)) throw new IllegalArgumentException("cropArea must be in (0, 1], got: " + cropArea);
      if (!(cropX >= 0 && cropX <= 1)) throw new IllegalArgumentException("cropX must be in [0, 1], got: " + cropX);
      if (!(cropY >= 0 && cropY <= 1)) throw new IllegalArgumentException("cropY must be in [0, 1], got: " + cropY);
      if (!Double.isFinite(degrees)) throw new IllegalArgumentException("degrees must be finite, got: " + degrees);
      Augment.checkFactor("brightness", brightness);
      Augment.checkFactor("contrast", contrast);
      Augment.checkFactor("saturation", saturation);
    }

    /** The region of a {@code width x height} image this recipe keeps (the whole image when cropArea is 1). */
    public CropRegion cropRegion(int width, int height) {
      double side = Math.sqrt(cropArea);
      int w = (int) Math.max(1, Math.min(width, Math.round(width * side)));
      int h = (int) Math.max(1, Math.min(height, Math.round(height * side)));
      return new CropRegion((int) Math.round((width - w) * cropX), (int) Math.round((height - h) * cropY), w, h);
    }

    public RgbImage apply(RgbImage src) {
      Objects.requireNonNull(src, "src");
      RgbImage img = cropArea < 1 ? Augment.crop(src, cropRegion(src.width(), src.height())) : src;
      img = Augment.rotate(img, degrees);
      if (flip) img = Augment.hflip(img);
      return Augment.colorJitter(img, brightness, contrast, saturation);
    }

    /** E.g. {@code "flip + crop 0.87 + rotate -6.2 + jitter b1.08 c0.91 s1.12"}; {@code "identity"} for none. */
    public String description() {
      List<String> parts = new ArrayList<>();
      if (flip) parts.add("flip");
      if (cropArea < 1) parts.add(String.format(Locale.ROOT, "crop %.2f", cropArea));
      if (degrees != 0) parts.add(String.format(Locale.ROOT, "rotate %.1f", degrees));
      if (brightness != 1 || contrast != 1 || saturation != 1) {
        parts.add(String.format(Locale.ROOT, "jitter b%.2f c%.2f s%.2f", brightness, contrast, saturation));
      }
      return parts.isEmpty() ? "identity" : String.join(" + ", parts);
    }
  }

  /** The recipes of {@link #views}: {@code n} plans from {@code seed}. */
  public static List<Plan> plans(int n, long seed) {
    if (n < 0) throw new IllegalArgumentException("number of views must be >= 0, got: " + n);
    List<Plan> plans = new ArrayList<>(n);
    if (n == 0) return plans;
    plans.add(new Plan(true, 1, 0.5, 0.5, 0, 1, 1, 1));
    Random rnd = new Random(seed);
    for (int i = 1; i < n; i++) plans.add(randomPlan(rnd));
    return List.copyOf(plans);
  }

  /** {@code n} augmented views of {@code src} (not including {@code src} itself); n = 0 gives an empty list. */
  public static List<RgbImage> views(RgbImage src, int n, long seed) {
    Objects.requireNonNull(src, "src");
    List<Plan> plans = plans(n, seed);
    List<RgbImage> out = new ArrayList<>(plans.size());
    for (Plan p : plans) out.add(p.apply(src));
    return List.copyOf(out);
  }

  // Every parameter is drawn whatever the subset, so each view uses the same number of draws.
  private static Plan randomPlan(Random rnd) {
    int steps = 1 + rnd.nextInt(7); // bits: 1 crop, 2 rotate, 4 jitter; never empty, so never the source
    boolean flip = rnd.nextBoolean();
    double area = uniform(rnd, MIN_CROP_AREA, MAX_CROP_AREA);
    double cx = rnd.nextDouble();
    double cy = rnd.nextDouble();
    double degrees = uniform(rnd, MIN_DEGREES, MAX_DEGREES) * (rnd.nextBoolean() ? 1 : -1);
    double b = uniform(rnd, 1 - JITTER, 1 + JITTER);
    double c = uniform(rnd, 1 - JITTER, 1 + JITTER);
    double s = uniform(rnd, 1 - JITTER, 1 + JITTER);
    boolean crop = (steps & 1) != 0;
    boolean rotate = (steps & 2) != 0;
    boolean jitter = (steps & 4) != 0;
    return new Plan(flip, crop ? area : 1, crop ? cx : 0.5, crop ? cy : 0.5, rotate ? degrees : 0,
        jitter ? b : 1, jitter ? c : 1, jitter ? s : 1);
  }

  public static double uniform(Random rnd, double lo, double hi) {
    return lo + (hi - lo) * rnd.nextDouble();
  }
}
