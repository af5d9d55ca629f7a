package dev.loupe.image;

import dev.loupe.core.image.RgbImage;
import java.io.ByteArrayOutputStream;

/**
 * A minimal WebP lossless (VP8L) encoder, for tests only: no ImageIO WebP writer exists here (TwelveMonkeys reads
 * WebP but does not write it), and tests must not depend on files outside shared/.
 *
 * <p>It writes a valid but uncompressed bitstream: no transforms, no colour cache, one prefix-code group in which
 * green, red and blue each use a complete code of 256 eight-bit codes (so code(s) = s), alpha is the single symbol
 * 255 and the distance code is unused. See the WebP lossless bitstream specification (RFC 9649).
 */
final class WebPLosslessWriter {
  private WebPLosslessWriter() {}

  // The order in which code-length code lengths are stored (RFC 9649, section 3.7.2.1.2).
  private static final int[] CODE_LENGTH_ORDER = {17, 18, 0, 1, 2, 3, 4, 5, 16, 6, 7, 8};

  static byte[] encode(RgbImage image) {
    if (image.width() > 16384 || image.height() > 16384) throw new IllegalArgumentException("too large for VP8L");
    Bits bits = new Bits();
    bits.write(0x2F, 8); // VP8L signature
    bits.write(image.width() - 1, 14);
    bits.write(image.height() - 1, 14);
    bits.write(0, 1); // alpha_is_used
    bits.write(0, 3); // version
    bits.write(0, 1); // no transform
    bits.write(0, 1); // no colour cache
    bits.write(0, 1); // no meta prefix codes
    eightBitCode(bits, 256 + 24); // green + length prefixes (no cache symbols)
    eightBitCode(bits, 256); // red
    eightBitCode(bits, 256); // blue
    singleSymbol(bits, 255); // alpha: always opaque, costs no bits per pixel
    singleSymbol(bits, 0); // distance: unused
    byte[] rgb = image.rgb();
    for (int p = 0; p < rgb.length; p += 3) {
      bits.write(reverse8(rgb[p + 1] & 0xFF), 8); // green first; prefix codes are read MSB first
      bits.write(reverse8(rgb[p] & 0xFF), 8);
      bits.write(reverse8(rgb[p + 2] & 0xFF), 8);
    }
    byte[] vp8l = bits.finish();
    int pad = vp8l.length & 1;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("RIFF".getBytes());
    le32(out, 4 + 8 + vp8l.length + pad);
    out.writeBytes("WEBPVP8L".getBytes());
    le32(out, vp8l.length);
    out.writeBytes(vp8l);
    if (pad == 1) out.write(0);
    return out.toByteArray();
  }

  // A normal prefix code: symbols 0..255 have length 8, the rest length 0. The code-length code has two symbols
  // of length 1: "0" (code 0) and "8" (code 1).
  private static void eightBitCode(Bits bits, int alphabetSize) {
    bits.write(0, 1); // normal, not simple
    bits.write(CODE_LENGTH_ORDER.length - 4, 4);
    for (int symbol : CODE_LENGTH_ORDER) bits.write(symbol == 0 || symbol == 8 ? 1 : 0, 3);
    bits.write(0, 1); // max_symbol = alphabet size
    for (int s = 0; s < alphabetSize; s++) bits.write(s < 256 ? 1 : 0, 1);
  }

  private static void singleSymbol(Bits bits, int symbol) {
    bits.write(1, 1); // simple code
    bits.write(0, 1); // one symbol
    bits.write(1, 1); // 8-bit symbol
    bits.write(symbol, 8);
  }

  private static int reverse8(int v) {
    return Integer.reverse(v) >>> 24;
  }

  private static void le32(ByteArrayOutputStream out, int v) {
    out.write(v);
    out.write(v >>> 8);
    out.write(v >>> 16);
    out.write(v >>> 24);
  }

  /** Bits packed least significant first, as VP8L reads them. */
  private static final class Bits {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private long acc;
    private int count;

    void write(int value, int n) {
      acc |= (value & ((1L << n) - 1)) << count;
      count += n;
      while (count >= 8) {
        out.write((int) (acc & 0xFF));
        acc >>>= 8;
        count -= 8;
      }
    }

    byte[] finish() {
      if (count > 0) out.write((int) (acc & 0xFF));
      acc = 0;
      count = 0;
      return out.toByteArray();
    }
  }
}
