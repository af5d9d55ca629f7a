package dev.loupe.image;

/**
 * Cheap checks that a PNG, GIF or WebP file is whole, from its container structure.
 *
 * <p>Why: the WebP reader decodes a cut-off file into a partly blank image without complaint, and the PNG and GIF
 * readers report a cut-off file as a generic I/O error. (JPEG has its own, stricter walk in {@link JpegStructure}.)
 */
final class ContainerEnd {
  private ContainerEnd() {}

  /** For WebP, whether the file is shorter than its RIFF header declares; false for other formats. */
  static boolean shorterThanDeclared(byte[] b, ImageFormat format) {
    if (format != ImageFormat.WEBP || b.length < 12) return false;
    long riffSize = (b[4] & 0xFFL) | (b[5] & 0xFFL) << 8 | (b[6] & 0xFFL) << 16 | (b[7] & 0xFFL) << 24;
    return 8 + riffSize > b.length;
  }

  /**
   * Whether a PNG lacks its final IEND chunk or a GIF its trailer byte: used to tell "truncated" from "corrupt"
   * once a reader has failed (a file may lack them and still decode, so this never rejects a file on its own).
   */
  static boolean endMissing(byte[] b, ImageFormat format) {
    int n = b.length;
    return switch (format) {
      case PNG -> n < 12 || b[n - 8] != 'I' || b[n - 7] != 'E' || b[n - 6] != 'N' || b[n - 5] != 'D';
      case GIF -> b[n - 1] != 0x3B;
      default -> false;
    };
  }
}
