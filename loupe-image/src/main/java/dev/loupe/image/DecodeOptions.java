package dev.loupe.image;

/**
 * How {@link ImageDecoder} decodes.
 *
 * @param maxPixels decompression-bomb guard: images whose header declares more than this many pixels are
 *     rejected before any pixel buffer is allocated
 * @param minShorterSide the smallest shorter side the caller will use (usually the embedder's
 *     {@code minInputSide()}); a much larger image is decoded with source subsampling by an integer step so that
 *     its decoded shorter side stays at least {@code 2 * minShorterSide}. 0 disables subsampling. Subsampling
 *     drops pixels (no filtering), which saves time and memory on huge photos at the cost of some aliasing, so
 *     keep it 0 where bit-exact preprocessing matters.
 */
public record DecodeOptions(long maxPixels, int minShorterSide) {

  /** 100 megapixels: well above any camera photo (a 60 MP photo is 9504x6336), well below a bomb. */
  public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

  /** 100 MP limit, no subsampling. */
  public static final DecodeOptions DEFAULTS = new DecodeOptions(DEFAULT_MAX_PIXELS, 0);

  public DecodeOptions {
    if (maxPixels < 1) throw new IllegalArgumentException("maxPixels must be at least 1, got: " + maxPixels);
    if (minShorterSide < 0) {
      throw new IllegalArgumentException("minShorterSide must be 0 (off) or positive, got: " + minShorterSide);
    }
  }

  public DecodeOptions withMaxPixels(long value) {
    return new DecodeOptions(value, minShorterSide);
  }

  public DecodeOptions withMinShorterSide(int value) {
    return new DecodeOptions(maxPixels, value);
  }

  /**
   * The source subsampling step for an image whose shorter side is {@code shorterSide}: the largest integer
   * step that keeps the decoded shorter side ({@code ceil(shorterSide / step)}) at least {@code 2 *
   * minShorterSide}; 1 when subsampling is off or the image is not that large.
   */
  public int subsamplingStep(int shorterSide) {
    if (minShorterSide == 0) return 1;
    return Math.max(1, shorterSide / (2 * minShorterSide));
  }
}
