package dev.loupe.core.explain;

import java.util.Objects;

/**
 * How much each cell of a feature map adds to a score ({@link Attribution}): {@code values[row * width + col]},
 * summing to the score; positive cells pull the two images together, negative ones apart.
 *
 * @param height rows
 * @param width columns
 * @param values the contributions, row-major
 * @param seen the part of the image the grid covers, in image fractions
 */
public record ContributionGrid(int height, int width, double[] values, SeenRegion seen) {

  public ContributionGrid {
    Objects.requireNonNull(values, "values");
    Objects.requireNonNull(seen, "seen");
    if (height < 1 || width < 1 || (long) height * width != values.length) {
      throw new IllegalArgumentException("grid " + height + "x" + width + " cannot hold " + values.length + " values");
    }
    values = values.clone();
  }

  @Override
  public double[] values() {
    return values.clone();
  }

  public double value(int row, int col) {
    return values[row * width + col];
  }

  /** The score the contributions make up. */
  public double sum() {
    double s = 0;
    for (double v : values) s += v;
    return s;
  }

  /** The index ({@code row * width + col}) of the largest contribution. */
  public int argmax() {
    int best = 0;
    for (int i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
    return best;
  }

  /** The largest absolute contribution (0 for an all-zero grid): the scale a picture of the grid uses. */
  public double maxAbs() {
    double m = 0;
    for (double v : values) m = Math.max(m, Math.abs(v));
    return m;
  }

  /** The part of the image cell {@code index} stands for, in image fractions. */
  public SeenRegion cell(int index) {
    double cw = seen.width() / width;
    double ch = seen.height() / height;
    return new SeenRegion(seen.x() + (index % width) * cw, seen.y() + (index / width) * ch, cw, ch);
  }

  /**
   * The contribution at an image point, interpolated bilinearly between cell centres (clamped at the edges of the
   * seen region), or NaN where the model saw nothing (outside the centre crop).
   *
   * @param fx horizontal position, a fraction of the image width
   * @param fy vertical position, a fraction of the image height
   */
  public double sample(double fx, double fy) {
    if (!seen.contains(fx, fy)) return Double.NaN;
    double u = clamp((fx - seen.x()) / seen.width() * width - 0.5, width - 1);
    double v = clamp((fy - seen.y()) / seen.height() * height - 0.5, height - 1);
    int x0 = (int) Math.floor(u);
    int y0 = (int) Math.floor(v);
    int x1 = Math.min(x0 + 1, width - 1);
    int y1 = Math.min(y0 + 1, height - 1);
    double tx = u - x0;
    double ty = v - y0;
    double top = value(y0, x0) * (1 - tx) + value(y0, x1) * tx;
    double bottom = value(y1, x0) * (1 - tx) + value(y1, x1) * tx;
    return top * (1 - ty) + bottom * ty;
  }

  private static double clamp(double x, int max) {
    return Math.max(0, Math.min(max, x));
  }
}
