package dev.loupe.core.index;

import dev.loupe.core.query.Centering;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;

/**
 * The running sum and count of the items' own vectors (view 0) in a centred index, from which gallery-mean
 * centring is derived. A store keeps one for its last commit and writes it with that commit, so the mean always
 * matches the committed items and opening an index reads it instead of rescanning every vector.
 *
 * <p>The sum is kept in double precision: it is updated by adding and subtracting float vectors as items come
 * and go, and doubles keep the drift of those updates far below a float's resolution.
 *
 * @param sum component-wise sum of the own vectors
 * @param count number of items
 */
public record GalleryMean(double[] sum, long count) {
  /**
   * Below this many items a centred index searches uncentred ({@link #searchCentering}): a gallery of one item
   * centred on its own mean scores its own photo 0, and a handful of photos make a mean of those photos rather than
   * of the collection. Galleries of 20 Caltech-20 photos (one per class) and more gained from centring
   * (docs/quality.md); smaller ones were not measured.
   */
  public static final int MIN_CENTRED_ITEMS = 20;


  public GalleryMean {
    sum = sum.clone();
    if (count < 0) throw new IllegalArgumentException("count must not be negative, got: " + count);
  }

  /** No items yet. */
  public static GalleryMean empty(int dimension) {
    return new GalleryMean(new double[dimension], 0);
  }

  @Override
  public double[] sum() {
    return sum.clone();
  }

  public int dimension() {
    return sum.length;
  }

  /** This sum with {@code v} added ({@code sign} 1) or removed ({@code sign} -1). */
  GalleryMean plus(float[] v, int sign) {
    if (v.length != sum.length) {
      throw new IllegalArgumentException("vector has " + v.length + " dimensions, the mean has " + sum.length);
    }
    double[] s = sum.clone();
    for (int i = 0; i < s.length; i++) s[i] += sign * (double) v[i];
    return new GalleryMean(s, count + sign);
  }

  /** The mean vector (all zeros when there are no items). */
  public float[] mean() {
    float[] mean = new float[sum.length];
    if (count > 0) {
      for (int i = 0; i < mean.length; i++) mean[i] = (float) (sum[i] / count);
    }
    return mean;
  }

  /**
   * The centring searches of a centred index use: this mean's, once it sums {@value #MIN_CENTRED_ITEMS} items or
   * more; none before.
   */
  public java.util.Optional<Centering> searchCentering() {
    return count >= MIN_CENTRED_ITEMS ? java.util.Optional.of(centering()) : java.util.Optional.empty();
  }

  /** Centring on this mean (a zero mean, i.e. only re-normalisation, when it is empty). */
  public Centering centering() {
    return new Centering(mean());
  }

  /** A compact, exact text form for a commit's user data: the count, a colon, the sum's doubles in Base64. */
  public String encode() {
    ByteBuffer bytes = ByteBuffer.allocate(sum.length * Double.BYTES);
    bytes.asDoubleBuffer().put(sum);
    return count + ":" + Base64.getEncoder().encodeToString(bytes.array());
  }

  /** Reads {@link #encode}'s form; the message names what is wrong. */
  public static GalleryMean decode(String text, int dimension) {
    int colon = text.indexOf(':');
    try {
      if (colon < 0) throw new IllegalArgumentException("no ':' after the count");
      long count = Long.parseLong(text.substring(0, colon));
      byte[] bytes = Base64.getDecoder().decode(text.substring(colon + 1));
      if (bytes.length != dimension * Double.BYTES) {
        throw new IllegalArgumentException(bytes.length / Double.BYTES + " components, the index has " + dimension);
      }
      double[] sum = new double[dimension];
      ByteBuffer.wrap(bytes).asDoubleBuffer().get(sum);
      return new GalleryMean(sum, count);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unreadable gallery mean: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GalleryMean g && count == g.count && Arrays.equals(sum, g.sum);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(sum) + Long.hashCode(count);
  }

  @Override
  public String toString() {
    return "GalleryMean[count=" + count + ", dim=" + sum.length + "]";
  }
}
