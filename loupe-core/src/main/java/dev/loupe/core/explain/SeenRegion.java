package dev.loupe.core.explain;

/**
 * The part of an image a model actually saw, as fractions of the image's width and height: the centre crop of a
 * shorter-side resize, or the whole image for a direct resize. Fractions, not pixels, so the same region holds for
 * the image at any size (a thumbnail, a subsampled decode, the original file).
 *
 * @param x left edge, 0..1
 * @param y top edge, 0..1
 * @param width 0..1
 * @param height 0..1
 */
public record SeenRegion(double x, double y, double width, double height) {
  /** The whole image. */
  public static final SeenRegion WHOLE = new SeenRegion(0, 0, 1, 1);

  public SeenRegion {
    if (!(x >= 0 && y >= 0 && width > 0 && height > 0 && x + width <= 1 + 1e-9 && y + height <= 1 + 1e-9)) {
      throw new IllegalArgumentException("seen region must lie in the unit square, got: " + x + "," + y + " "
          + width + "x" + height);
    }
  }

  /**
   * The region a centre crop of {@code crop} x {@code crop} sees after the shorter side of a {@code imageWidth} x
   * {@code imageHeight} image was resized to {@code size}, with the resize's own rounding (the longer side
   * truncated, the crop offset rounded half to even).
   */
  public static SeenRegion centreCrop(int imageWidth, int imageHeight, int size, int crop) {
    if (imageWidth < 1 || imageHeight < 1) {
      throw new IllegalArgumentException("image size must be positive, got: " + imageWidth + "x" + imageHeight);
    }
    // As the resize sizes it: the shorter side becomes size, the longer one size * long / short, truncated.
    int rw = imageWidth <= imageHeight ? size : (int) ((long) size * imageWidth / imageHeight);
    int rh = imageWidth <= imageHeight ? (int) ((long) size * imageHeight / imageWidth) : size;
    double cw = Math.min(crop, rw);
    double ch = Math.min(crop, rh);
    double x0 = Math.rint((rw - cw) / 2.0);
    double y0 = Math.rint((rh - ch) / 2.0);
    return new SeenRegion(x0 / rw, y0 / rh, cw / rw, ch / rh);
  }

  /** True when the image point at fractions ({@code fx}, {@code fy}) lies inside the region. */
  public boolean contains(double fx, double fy) {
    return fx >= x && fx <= x + width && fy >= y && fy <= y + height;
  }
}
