package dev.loupe.image;

import java.nio.charset.StandardCharsets;

/**
 * Reads the EXIF orientation tag from the bytes of an image file. The tag lives in a TIFF-structured block:
 * JPEG keeps it in an {@code APP1 "Exif\0\0"} segment, PNG in an {@code eXIf} chunk, WebP in an {@code EXIF}
 * chunk, and a TIFF file is itself such a block. Damaged or missing metadata never fails a decode: it reads as
 * {@link Orientation#NORMAL}.
 */
final class ExifOrientation {
  private ExifOrientation() {}

  private static final int TAG_ORIENTATION = 0x0112;

  static Orientation read(byte[] file, ImageFormat format, JpegStructure jpeg) {
    try {
      return switch (format) {
        case JPEG -> jpeg != null && jpeg.exifOffset() >= 0
            ? fromTiff(file, jpeg.exifOffset(), jpeg.exifLength())
            : Orientation.NORMAL;
        case TIFF -> fromTiff(file, 0, file.length);
        case PNG -> fromPng(file);
        case WEBP -> fromWebp(file);
        default -> Orientation.NORMAL;
      };
    } catch (IndexOutOfBoundsException e) { // a lying offset: treat as no orientation
      return Orientation.NORMAL;
    }
  }

  /** Orientation from a TIFF header + IFD0 at {@code [offset, offset + length)}. */
  static Orientation fromTiff(byte[] b, int offset, int length) {
    int end = Math.min(b.length, offset + length);
    if (offset < 0 || end - offset < 8) return Orientation.NORMAL;
    boolean little;
    if (b[offset] == 'I' && b[offset + 1] == 'I') {
      little = true;
    } else if (b[offset] == 'M' && b[offset + 1] == 'M') {
      little = false;
    } else {
      return Orientation.NORMAL;
    }
    if (u16(b, offset + 2, little) != 42) return Orientation.NORMAL; // BigTIFF headers carry no EXIF here
    long ifd = u32(b, offset + 4, little);
    if (ifd < 8 || offset + ifd + 2 > end) return Orientation.NORMAL;
    int at = (int) (offset + ifd);
    int entries = u16(b, at, little);
    at += 2;
    for (int e = 0; e < entries && at + 12 <= end; e++, at += 12) {
      if (u16(b, at, little) != TAG_ORIENTATION) continue;
      int type = u16(b, at + 2, little);
      // SHORT is the standard type; a few writers use LONG. The value sits left-aligned in the 4-byte field.
      int value = type == 4 ? (int) u32(b, at + 8, little) : u16(b, at + 8, little);
      return Orientation.fromExif(value);
    }
    return Orientation.NORMAL;
  }

  private static Orientation fromPng(byte[] b) {
    int at = 8;
    while (at + 8 <= b.length) {
      long length = u32(b, at, false);
      String type = new String(b, at + 4, 4, StandardCharsets.ISO_8859_1);
      if (type.equals("eXIf")) return fromTiff(b, at + 8, (int) Math.min(length, b.length - at - 8));
      if (type.equals("IDAT") || type.equals("IEND")) break; // eXIf must come before the image data
      long next = at + 12L + length;
      if (next > b.length) break;
      at = (int) next;
    }
    return Orientation.NORMAL;
  }

  private static Orientation fromWebp(byte[] b) {
    int at = 12;
    while (at + 8 <= b.length) {
      long length = u32(b, at + 4, true);
      if (b[at] == 'E' && b[at + 1] == 'X' && b[at + 2] == 'I' && b[at + 3] == 'F') {
        int start = at + 8;
        int len = (int) Math.min(length, b.length - start);
        // Some writers keep the JPEG-style "Exif\0\0" prefix inside the chunk.
        if (len >= 6 && b[start] == 'E' && b[start + 1] == 'x' && b[start + 2] == 'i' && b[start + 3] == 'f') {
          start += 6;
          len -= 6;
        }
        return fromTiff(b, start, len);
      }
      long next = at + 8L + length + (length & 1); // chunks are padded to an even size
      if (next > b.length) break;
      at = (int) next;
    }
    return Orientation.NORMAL;
  }

  private static int u16(byte[] b, int at, boolean little) {
    return little ? (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 : (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
  }

  private static long u32(byte[] b, int at, boolean little) {
    return little
        ? (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24
        : (b[at] & 0xFFL) << 24 | (b[at + 1] & 0xFFL) << 16 | (b[at + 2] & 0xFFL) << 8 | (b[at + 3] & 0xFFL);
  }
}
