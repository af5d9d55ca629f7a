package dev.loupe.report.heatmap;

/**
 * Moreland's cool-warm diverging colour map (blue for negative, near-white at 0, red for positive): perceptually
 * ordered on both sides, readable by most colour-blind viewers, and with no bright band in the middle that would
 * read as a feature (as rainbow maps have). Interpolated linearly in RGB between its three anchors, which stays
 * within a few units of the published table.
 */
public final class CoolWarm {
  private static final int[] COOL = {59, 76, 192};
  private static final int[] NEUTRAL = {221, 221, 221};
  private static final int[] WARM = {180, 4, 38};

  private CoolWarm() {}

  /** The colour of {@code t} in -1..1 (clamped), as 0xRRGGBB. */
  public static int rgb(double t) {
    double x = Math.max(-1, Math.min(1, t));
    int[] end = x < 0 ? COOL : WARM;
    double a = Math.abs(x);
    int r = (int) Math.round(NEUTRAL[0] + (end[0] - NEUTRAL[0]) * a);
    int g = (int) Math.round(NEUTRAL[1] + (end[1] - NEUTRAL[1]) * a);
    int b = (int) Math.round(NEUTRAL[2] + (end[2] - NEUTRAL[2]) * a);
    return r << 16 | g << 8 | b;
  }
}
