package dev.loupe.image.pixel;

import dev.loupe.core.embed.Embedder;
import dev.loupe.core.embed.EmbedderDescriptor;
import dev.loupe.core.image.RgbImage;
import dev.loupe.image.Interpolation;
import dev.loupe.image.Resize;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The classic raw-pixel retrieval baseline ("tiny images"): the whole image resized to {@code size x size}
 * (aspect ratio not kept, no crop, antialiased), flattened row by row as interleaved r,g,b floats in 0..1.
 *
 * <p>Vectors are deliberately not normalised, so that L1 and L2 measure absolute colour differences while cosine
 * and Pearson correlation measure pattern similarity; the caller picks the metric. Any learned embedder should
 * beat this baseline by a wide margin; a model that does not is misconfigured.
 */
public final class PixelEmbedder implements Embedder {

  public static final int DEFAULT_SIZE = 16;
  /** Above this a pixel vector (3 * 64 * 64 = 12,288 floats) stops being a baseline and becomes a thumbnail. */
  public static final int MAX_SIZE = 64;

  private final int size;
  private final Interpolation interpolation;
  private final EmbedderDescriptor descriptor;

  /** 16 x 16 pixels, antialiased bilinear: 768 dimensions. */
  public PixelEmbedder() {
    this(DEFAULT_SIZE, Interpolation.BILINEAR);
  }

  public PixelEmbedder(int size) {
    this(size, Interpolation.BILINEAR);
  }

  public PixelEmbedder(int size, Interpolation interpolation) {
    if (size < 1 || size > MAX_SIZE) {
      throw new IllegalArgumentException("pixel embedder size must be in 1.." + MAX_SIZE + ", got: " + size);
    }
    this.size = size;
    this.interpolation = Objects.requireNonNull(interpolation, "interpolation");
    this.descriptor = new EmbedderDescriptor(
        "pixels-" + size,
        3 * size * size,
        false,
        Map.of(
            "kind", "raw-pixels",
            "size", Integer.toString(size),
            "interpolation", interpolation == Interpolation.NEAREST ? "nearest" : interpolation.name().toLowerCase(Locale.ROOT) + "-antialiased",
            "resize", "direct, aspect ratio not kept, no crop",
            "layout", "hwc-rgb",
            "range", "0..1"));
  }

  public int size() {
    return size;
  }

  @Override
  public EmbedderDescriptor descriptor() {
    return descriptor;
  }

  @Override
  public int minInputSide() {
    return size;
  }

  @Override
  public float[] prepare(RgbImage image) {
    byte[] rgb = Resize.resize(image, size, size, interpolation).rgb();
    float[] out = new float[rgb.length];
    for (int i = 0; i < rgb.length; i++) out[i] = (rgb[i] & 0xFF) / 255f;
    return out;
  }

  @Override
  public float[][] embedPrepared(List<float[]> prepared) {
    int dimension = descriptor.dimension();
    float[][] out = new float[prepared.size()][];
    for (int i = 0; i < out.length; i++) {
      float[] v = prepared.get(i);
      if (v.length != dimension) {
        throw new IllegalArgumentException(
            "prepared input " + i + " has " + v.length + " values, expected " + dimension + " for " + descriptor.name());
      }
      out[i] = v.clone(); // callers may reuse or modify the prepared arrays
    }
    return out;
  }

  @Override
  public String toString() {
    return descriptor.name() + " (" + interpolation.name().toLowerCase(Locale.ROOT) + ")";
  }
}
