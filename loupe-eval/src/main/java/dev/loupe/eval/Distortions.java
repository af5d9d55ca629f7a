package dev.loupe.eval;

import dev.loupe.core.image.RgbImage;
import dev.loupe.image.Augment;
import dev.loupe.image.CropRegion;
import dev.loupe.image.Interpolation;
import dev.loupe.image.Views;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;

/**
 * Strong but recognisable distortions, of the kind a user's photo or re-shared copy of a known image has; used to
 * build near-duplicate evaluation sets (query = distorted database image, relevant = its source).
 *
 * <p>Every parameter is drawn from the caller's {@link Random}, so a seeded Random gives the same distortion,
 * description and bytes every time (JPEG encoding is deterministic too). The ranges per {@link Kind}:
 *
 * <ul>
 *   <li>{@code crop}: 40–80% of the area, aspect ratio changed by a factor in 3/4..4/3 (a photo rarely frames
 *       the original with the same proportions), random position; the description gives the area kept;
 *   <li>{@code rotate}: 5–20° either way, zoomed in to fill the frame ({@link Augment#rotate}), so it crops too;
 *   <li>{@code downscale}: each side to 30–70%, antialiased bilinear;
 *   <li>{@code jitter}: brightness, contrast and saturation factors each in 0.6–1.4;
 *   <li>{@code jpeg}: recompression at quality 20–60.
 * </ul>
 */
public final class Distortions {
  private Distortions() {}

  /**
   * The kinds of distortion. Declared in the order {@link #random} applies them, which is the order they happen
   * to a real copy: framing first, then resizing and colour changes, and compression when it is saved.
   */
  public enum Kind {
    CROP("crop"),
    ROTATE("rotate"),
    DOWNSCALE("downscale"),
    COLOR_JITTER("jitter"),
    JPEG("jpeg");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    /** The word that starts this kind's part of a {@link Distortion#description()}. */
    public String label() {
      return label;
    }
  }

  static final double MIN_CROP_AREA = 0.40;
  static final double MAX_CROP_AREA = 0.80;
  static final double MAX_ASPECT_CHANGE = 4.0 / 3.0;
  static final double MIN_DEGREES = 5;
  static final double MAX_DEGREES = 20;
  static final double MIN_SCALE = 0.30;
  static final double MAX_SCALE = 0.70;
  static final double MIN_JITTER = 0.6;
  static final double MAX_JITTER = 1.4;
  static final int MIN_QUALITY = 20;
  static final int MAX_QUALITY = 60;

  /** Every kind, in application order. */
  public static List<Kind> all() {
    return List.of(Kind.values());
  }

  /**
   * One or two distinct kinds (equally likely), chosen uniformly and applied in {@link Kind} order, e.g.
   * {@code "crop 0.55 + jpeg q35"}.
   */
  public static Distortion random(RgbImage src, Random rnd) {
    Objects.requireNonNull(src, "src");
    Objects.requireNonNull(rnd, "rnd");
    int count = 1 + rnd.nextInt(2);
    // Partial Fisher-Yates with our own draws (not Collections.shuffle) so the draw sequence is spelled out here.
    Kind[] kinds = Kind.values();
    for (int i = 0; i < count; i++) {
      int j = i + rnd.nextInt(kinds.length - i);
      Kind t = kinds[i];
      kinds[i] = kinds[j];
      kinds[j] = t;
    }
    Kind[] chosen = Arrays.copyOf(kinds, count);
    Arrays.sort(chosen);
    RgbImage img = src;
    List<String> parts = new ArrayList<>(count);
    for (Kind kind : chosen) {
      Distortion d = of(kind, img, rnd);
      img = d.image();
      parts.add(d.description());
    }
    return new Distortion(img, String.join(" + ", parts));
  }

  /** One distortion of the given kind with random parameters, for per-kind breakdowns. */
  public static Distortion of(Kind kind, RgbImage src, Random rnd) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(src, "src");
    Objects.requireNonNull(rnd, "rnd");
    return switch (kind) {
      case CROP -> crop(src, rnd);
      case ROTATE -> {
        double degrees = Views.uniform(rnd, MIN_DEGREES, MAX_DEGREES) * (rnd.nextBoolean() ? 1 : -1);
        yield new Distortion(Augment.rotate(src, degrees), String.format(Locale.ROOT, "rotate %.1f", degrees));
      }
      case DOWNSCALE -> {
        double factor = Views.uniform(rnd, MIN_SCALE, MAX_SCALE);
        yield new Distortion(Augment.scale(src, factor, Interpolation.BILINEAR),
            String.format(Locale.ROOT, "downscale %.2f", factor));
      }
      case COLOR_JITTER -> {
        double b = Views.uniform(rnd, MIN_JITTER, MAX_JITTER);
        double c = Views.uniform(rnd, MIN_JITTER, MAX_JITTER);
        double s = Views.uniform(rnd, MIN_JITTER, MAX_JITTER);
        yield new Distortion(Augment.colorJitter(src, b, c, s),
            String.format(Locale.ROOT, "jitter b%.2f c%.2f s%.2f", b, c, s));
      }
      case JPEG -> {
        int q = MIN_QUALITY + rnd.nextInt(MAX_QUALITY - MIN_QUALITY + 1);
        yield new Distortion(Augment.jpegRecompress(src, q), "jpeg q" + q);
      }
    };
  }

  private static Distortion crop(RgbImage src, Random rnd) {
    double area = Views.uniform(rnd, MIN_CROP_AREA, MAX_CROP_AREA);
    // Log-uniform aspect change, so 3/4 and 4/3 are equally likely.
    double aspect = Math.exp(Views.uniform(rnd, -Math.log(MAX_ASPECT_CHANGE), Math.log(MAX_ASPECT_CHANGE)));
    double px = rnd.nextDouble();
    double py = rnd.nextDouble();
    int width = src.width();
    int height = src.height();
    int w = (int) Math.max(1, Math.min(width, Math.round(width * Math.sqrt(area * aspect))));
    int h = (int) Math.max(1, Math.min(height, Math.round(height * Math.sqrt(area / aspect))));
    CropRegion region = new CropRegion((int) Math.round((width - w) * px), (int) Math.round((height - h) * py), w, h);
    return new Distortion(Augment.crop(src, region),
        String.format(Locale.ROOT, "crop %.2f", region.areaFraction(width, height)));
  }
}
