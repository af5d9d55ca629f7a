package dev.loupe.image;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The image formats {@link ImageDecoder} reads, recognised by their leading bytes rather than by the file name
 * (a {@code .jpg} that is really a PNG is common; a text file named {@code .jpg} must not reach a reader).
 */
public enum ImageFormat {
  JPEG,
  PNG,
  GIF,
  BMP,
  WEBP,
  TIFF;

  /** Lower-case name, as used by ImageIO and in {@link DecodedImage#format()}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The format of {@code bytes}, from its signature.
   *
   * @throws ImageDecodeException {@code UNSUPPORTED} for a recognised image format we cannot read (HEIF, AVIF,
   *     JPEG 2000, JPEG XL, PSD, OpenEXR, and PDF/SVG documents), {@code NOT_IMAGE} for anything else
   */
  public static ImageFormat sniff(byte[] bytes, String source) throws ImageDecodeException {
    ImageFormat format = known(bytes);
    if (format != null) return format;
    String other = unsupportedName(bytes);
    if (other != null) {
      throw new ImageDecodeException(ImageDecodeException.Kind.UNSUPPORTED, source, "unsupported format: " + other);
    }
    throw new ImageDecodeException(
        ImageDecodeException.Kind.NOT_IMAGE, source, "not an image (unrecognised format)");
  }

  static ImageFormat known(byte[] b) {
    if (startsWith(b, 0, 0xFF, 0xD8, 0xFF)) return JPEG;
    if (startsWith(b, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) return PNG;
    if (ascii(b, 0, "GIF87a") || ascii(b, 0, "GIF89a")) return GIF;
    if (ascii(b, 0, "RIFF") && ascii(b, 8, "WEBP")) return WEBP;
    if (startsWith(b, 0, 'I', 'I', 42, 0) || startsWith(b, 0, 'M', 'M', 0, 42)) return TIFF;
    if (startsWith(b, 0, 'I', 'I', 43, 0) || startsWith(b, 0, 'M', 'M', 0, 43)) return TIFF; // BigTIFF
    // "BM" alone is too weak (any text starting with BM); also require a known DIB header size.
    if (ascii(b, 0, "BM") && b.length >= 18) {
      int dib = (b[14] & 0xFF) | (b[15] & 0xFF) << 8 | (b[16] & 0xFF) << 16 | (b[17] & 0xFF) << 24;
      if (dib == 12 || dib == 16 || dib == 40 || dib == 52 || dib == 56 || dib == 64 || dib == 108 || dib == 124) {
        return BMP;
      }
    }
    return null;
  }

  /** The name of a recognised format ImageIO cannot read ("heif", "avif", "jpegxl"...), or null. */
  static String unsupportedName(byte[] b) {
    if (ascii(b, 4, "ftyp") && b.length >= 12) {
      String brand = new String(b, 8, 4, StandardCharsets.ISO_8859_1);
      switch (brand) {
        case "heic", "heix", "hevc", "hevx", "heim", "heis", "hevm", "hevs", "mif1", "msf1" -> {
          return "heif";
        }
        case "avif", "avis" -> {
          return "avif";
        }
        case "crx " -> {
          return "cr3 (camera raw)";
        }
        default -> {
          return "video or ISO media (" + brand.trim() + ")";
        }
      }
    }
    if (startsWith(b, 0, 0, 0, 0, 0x0C, 'j', 'P', ' ', ' ') || startsWith(b, 0, 0xFF, 0x4F, 0xFF, 0x51)) {
      return "jpeg2000";
    }
    if (startsWith(b, 0, 0xFF, 0x0A) || startsWith(b, 0, 0, 0, 0, 0x0C, 'J', 'X', 'L', ' ')) return "jpegxl";
    if (ascii(b, 0, "8BPS")) return "psd";
    if (startsWith(b, 0, 0x76, 0x2F, 0x31, 0x01)) return "openexr";
    if (ascii(b, 0, "%PDF")) return "pdf";
    String head = new String(b, 0, Math.min(b.length, 1024), StandardCharsets.ISO_8859_1).stripLeading();
    if (head.startsWith("<svg") || (head.startsWith("<?xml") && head.contains("<svg"))) return "svg";
    return null;
  }

  private static boolean startsWith(byte[] b, int offset, int... expected) {
    if (b.length < offset + expected.length) return false;
    for (int i = 0; i < expected.length; i++) {
      if ((b[offset + i] & 0xFF) != expected[i]) return false;
    }
    return true;
  }

  private static boolean ascii(byte[] b, int offset, String expected) {
    if (b.length < offset + expected.length()) return false;
    for (int i = 0; i < expected.length(); i++) {
      if (b[offset + i] != (byte) expected.charAt(i)) return false;
    }
    return true;
  }
}
