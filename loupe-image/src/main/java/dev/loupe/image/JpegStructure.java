package dev.loupe.image;

/**
 * The marker layout of a JPEG file, found by walking its segments and skipping entropy-coded data.
 *
 * <p>Why: the JPEG readers decode a truncated file into a partly grey image and only report a warning, and they
 * report arithmetic coding with an obscure message. Walking the markers first answers both reliably and costs one
 * pass over the bytes.
 *
 * @param frameMarker the first SOFn marker (0xC0..0xCF except DHT/JPG/DAC), or -1 when there is none
 * @param complete whether an EOI marker was reached (trailing bytes after it are allowed)
 */
record JpegStructure(int frameMarker, boolean complete) {

  private static final int SOS = 0xDA;
  private static final int EOI = 0xD9;

  static JpegStructure scan(byte[] b) {
    int n = b.length;
    int frame = -1;
    int i = 2; // after SOI
    while (i + 1 < n) {
      if ((b[i] & 0xFF) != 0xFF) { // garbage between segments: tolerated, as libjpeg does
        i++;
        continue;
      }
      int marker = b[i + 1] & 0xFF;
      if (marker == 0xFF) { // fill byte
        i++;
        continue;
      }
      if (marker == EOI) return new JpegStructure(frame, true);
      if (marker == 0x00 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { // no length field
        i += 2;
        continue;
      }
      if (i + 3 >= n) break;
      int length = (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
      if (length < 2 || i + 2 + length > n) break; // segment runs past the end
      if (frame < 0 && isFrameMarker(marker)) frame = marker;
      i += 2 + length;
      if (marker == SOS) i = skipEntropyCodedData(b, i);
    }
    return new JpegStructure(frame, false);
  }

  /** Whether the frame marker is an arithmetic-coded or hierarchical process, which no ImageIO reader decodes. */
  String unsupportedProcess() {
    return switch (frameMarker) {
      case 0xC5, 0xC6, 0xC7 -> "hierarchical JPEG";
      case 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF -> "arithmetic-coded JPEG";
      default -> null;
    };
  }

  private static boolean isFrameMarker(int m) {
    return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
  }

  // In scan data a 0xFF byte is always followed by 0x00 (stuffing), a restart marker or another 0xFF (fill);
  // anything else is the next real marker.
  private static int skipEntropyCodedData(byte[] b, int i) {
    int n = b.length;
    while (i + 1 < n) {
      if ((b[i] & 0xFF) == 0xFF) {
        int next = b[i + 1] & 0xFF;
        if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) {
          i += 2;
          continue;
        }
        if (next == 0xFF) {
          i++;
          continue;
        }
        return i;
      }
      i++;
    }
    return n;
  }
}
