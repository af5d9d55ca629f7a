package dev.loupe.image;

import com.twelvemonkeys.imageio.metadata.CompoundDirectory;
import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads the EXIF orientation tag of an image file with TwelveMonkeys' metadata readers. The tag lives in a
 * TIFF-structured block: JPEG keeps it in an {@code APP1 "Exif\0\0"} segment (found by {@link JPEGSegmentUtil}),
 * PNG in an {@code eXIf} chunk, WebP in an {@code EXIF} chunk, and a TIFF file is itself such a block; the block
 * is parsed by {@link TIFFReader}.
 *
 * <p>Damaged or missing metadata never fails a decode: it reads as {@link Orientation#NORMAL}, so the image
 * decodes upright-as-stored. That is why every exception of the metadata readers is swallowed here.
 */
final class ExifOrientation {
  private ExifOrientation() {}

  static Orientation read(byte[] file, ImageFormat format) {
    try {
      byte[] tiff = switch (format) {
        case JPEG -> fromJpeg(file);
        case TIFF -> file;
        case PNG -> fromPng(file);
        case WEBP -> fromWebp(file);
        default -> null;
      };
      return tiff == null ? Orientation.NORMAL : orientation(tiff);
    } catch (IOException | RuntimeException e) {
      // A lying offset or count in someone's camera metadata: treat as no orientation, never as a bad image.
      return Orientation.NORMAL;
    }
  }

  /** The orientation in the first IFD of a TIFF block (IFD0 describes the main image; IFD1 the thumbnail). */
  private static Orientation orientation(byte[] tiff) throws IOException {
    try (ImageInputStream in = new EndBoundedInputStream(tiff)) {
      Directory dir = new TIFFReader().read(in);
      Directory ifd0 = dir instanceof CompoundDirectory c && c.directoryCount() > 0 ? c.getDirectory(0) : dir;
      Entry entry = ifd0.getEntryById(TIFF.TAG_ORIENTATION);
      // SHORT is the standard type; a few writers use LONG. Both arrive as a Number.
      return entry != null && entry.getValue() instanceof Number n
          ? Orientation.fromExif(n.intValue())
          : Orientation.NORMAL;
    }
  }

  private static byte[] fromJpeg(byte[] file) throws IOException {
    try (ImageInputStream in = new EndBoundedInputStream(file)) {
      List<JPEGSegment> exif = JPEGSegmentUtil.readSegments(in, JPEG.APP1, "Exif");
      if (exif.isEmpty()) return null;
      try (InputStream data = exif.get(0).data()) {
        // The identifier is "Exif\0" followed by one pad byte before the TIFF header.
        if (data.read() < 0) return null;
        return data.readAllBytes();
      }
    }
  }

  // PNG and WebP: only the chunk holding the block is located here; the block itself goes to TIFFReader.

  private static byte[] fromPng(byte[] b) {
    int at = 8;
    while (at + 8 <= b.length) {
      long length = u32(b, at, false);
      String type = new String(b, at + 4, 4, StandardCharsets.ISO_8859_1);
      if (type.equals("eXIf")) return slice(b, at + 8, length);
      if (type.equals("IDAT") || type.equals("IEND")) break; // eXIf must come before the image data
      long next = at + 12L + length;
      if (next > b.length) break;
      at = (int) next;
    }
    return null;
  }

  private static byte[] fromWebp(byte[] b) {
    int at = 12;
    while (at + 8 <= b.length) {
      long length = u32(b, at + 4, true);
      if (b[at] == 'E' && b[at + 1] == 'X' && b[at + 2] == 'I' && b[at + 3] == 'F') {
        byte[] chunk = slice(b, at + 8, length);
        // Some writers keep the JPEG-style "Exif\0\0" prefix inside the chunk.
        boolean prefixed = chunk.length >= 6 && chunk[0] == 'E' && chunk[1] == 'x' && chunk[2] == 'i' && chunk[3] == 'f';
        return prefixed ? Arrays.copyOfRange(chunk, 6, chunk.length) : chunk;
      }
      long next = at + 8L + length + (length & 1); // chunks are padded to an even size
      if (next > b.length) break;
      at = (int) next;
    }
    return null;
  }

  /** At most {@code length} bytes from {@code start}: a chunk that claims more than the file holds is cut. */
  private static byte[] slice(byte[] b, int start, long length) {
    return Arrays.copyOfRange(b, start, (int) Math.min(b.length, start + length));
  }

  private static long u32(byte[] b, int at, boolean little) {
    return little
        ? (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24
        : (b[at] & 0xFFL) << 24 | (b[at + 1] & 0xFFL) << 16 | (b[at + 2] & 0xFFL) << 8 | (b[at + 3] & 0xFFL);
  }
}
