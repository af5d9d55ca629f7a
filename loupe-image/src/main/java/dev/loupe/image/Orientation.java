package dev.loupe.image;

import dev.loupe.core.image.RgbImage;

/**
 * The eight EXIF orientations (tag 0x0112): how the stored pixels must be transformed to appear upright.
 * Names follow the transform applied to the stored image, as Pillow's {@code ImageOps.exif_transpose} does.
 */
public enum Orientation {
  /** 1: stored upright. */
  NORMAL(1),
  /** 2: mirror left-right. */
  MIRROR_HORIZONTAL(2),
  /** 3: rotate 180°. */
  ROTATE_180(3),
  /** 4: mirror top-bottom. */
  MIRROR_VERTICAL(4),
  /** 5: transpose (swap x and y). */
  TRANSPOSE(5),
  /** 6: rotate 90° clockwise (the usual tag of a portrait phone photo). */
  ROTATE_90_CW(6),
  /** 7: transverse (transpose, then rotate 180°). */
  TRANSVERSE(7),
  /** 8: rotate 90° counter-clockwise. */
  ROTATE_90_CCW(8);

  private final int exifValue;

  Orientation(int exifValue) {
    this.exifValue = exifValue;
  }

  public int exifValue() {
    return exifValue;
  }

  /** The orientation for an EXIF value; values outside 1..8 (seen in the wild) mean upright. */
  public static Orientation fromExif(int value) {
    return value >= 1 && value <= 8 ? values()[value - 1] : NORMAL;
  }

  /** Whether the upright image has width and height swapped relative to the stored one. */
  public boolean swapsAxes() {
    return exifValue >= 5;
  }

  /** The upright image. */
  public RgbImage apply(RgbImage src) {
    if (this == NORMAL) return src;
    int w = src.width();
    int h = src.height();
    // Each transform maps output (X, Y) to source pixel index start + X*stepX + Y*stepY.
    int start;
    int stepX;
    int stepY;
    switch (this) {
      case MIRROR_HORIZONTAL -> { start = w - 1; stepX = -1; stepY = w; }
      case ROTATE_180 -> { start = h * w - 1; stepX = -1; stepY = -w; }
      case MIRROR_VERTICAL -> { start = (h - 1) * w; stepX = 1; stepY = -w; }
      case TRANSPOSE -> { start = 0; stepX = w; stepY = 1; } // source (Y, X)
      case ROTATE_90_CW -> { start = (h - 1) * w; stepX = -w; stepY = 1; } // source (Y, H-1-X)
      case TRANSVERSE -> { start = h * w - 1; stepX = -w; stepY = -1; } // source (W-1-Y, H-1-X)
      case ROTATE_90_CCW -> { start = w - 1; stepX = w; stepY = -1; } // source (W-1-Y, X)
      default -> throw new AssertionError(this);
    }
    int outW = swapsAxes() ? h : w;
    int outH = swapsAxes() ? w : h;
    byte[] in = src.rgb();
    byte[] out = new byte[in.length];
    int o = 0;
    for (int y = 0; y < outH; y++) {
      int s = start + y * stepY;
      for (int x = 0; x < outW; x++, s += stepX) {
        int p = s * 3;
        out[o++] = in[p];
        out[o++] = in[p + 1];
        out[o++] = in[p + 2];
      }
    }
    return new RgbImage(outW, outH, out);
  }
}
