package dev.loupe.server;

import dev.loupe.testing.TestImages;
import java.io.ByteArrayOutputStream;
import java.util.zip.Deflater;

/** Real decompression bombs: valid images whose few compressed bytes decode to hundreds of megabytes. */
final class Bombs {
  private Bombs() {}

  /**
   * A valid black RGB PNG of {@code width x height}: every row (a filter byte and 3 bytes a pixel) deflated for
   * real, so a decoder that trusted it would allocate width x height x 3 bytes (8000 x 8000: 192 MB from ~190 KB).
   */
  static byte[] png(int width, int height) {
    byte[] ihdr = new byte[13];
    TestImages.putInt(ihdr, 0, width);
    TestImages.putInt(ihdr, 4, height);
    ihdr[8] = 8; // bit depth
    ihdr[9] = 2; // colour type RGB
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
    ByteArrayOutputStream zlib = new ByteArrayOutputStream();
    byte[] row = new byte[1 + 3 * width];
    byte[] buf = new byte[1 << 16];
    for (int y = 0; y < height; y++) {
      deflater.setInput(row);
      while (!deflater.needsInput()) zlib.write(buf, 0, deflater.deflate(buf));
    }
    deflater.finish();
    while (!deflater.finished()) zlib.write(buf, 0, deflater.deflate(buf));
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
    png.writeBytes(TestImages.pngChunk("IHDR", ihdr));
    png.writeBytes(TestImages.pngChunk("IDAT", zlib.toByteArray()));
    png.writeBytes(TestImages.pngChunk("IEND", new byte[0]));
    return png.toByteArray();
  }
}
