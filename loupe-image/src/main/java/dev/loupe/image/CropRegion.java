package dev.loupe.image;

/**
 * A rectangle of pixels inside an image: columns {@code [x, x + width)}, rows {@code [y, y + height)}.
 *
 * <p>A value rather than four ints so that {@link MultiCrop} can say which part of a query each crop is (the
 * engine can report the crop that matched) and tests can re-cut the same region with {@link Augment#crop}.
 */
public record CropRegion(int x, int y, int width, int height) {

  public CropRegion {
    if (x < 0 || y < 0) throw new IllegalArgumentException("crop origin must be non-negative, got: (" + x + ", " + y + ")");
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("crop size must be positive, got: " + width + "x" + height);
    }
  }

  /** Whether the region lies inside an image of {@code imageWidth x imageHeight}. */
  public boolean fitsIn(int imageWidth, int imageHeight) {
    return (long) x + width <= imageWidth && (long) y + height <= imageHeight;
  }

  /** The fraction of an image of {@code imageWidth x imageHeight} that the region covers. */
  public double areaFraction(int imageWidth, int imageHeight) {
    return (double) width * height / ((double) imageWidth * imageHeight);
  }

  @Override
  public String toString() {
    return width + "x" + height + "+" + x + "+" + y;
  }
}
