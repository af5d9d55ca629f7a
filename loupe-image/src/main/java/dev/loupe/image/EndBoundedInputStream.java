package dev.loupe.image;

import java.io.IOException;
import javax.imageio.IIOException;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * The bytes of one file as an {@link javax.imageio.stream.ImageInputStream} that stops a reader which keeps reading
 * past the end. TwelveMonkeys' WebP lossless bit reader swallows each {@link java.io.EOFException} and goes on with
 * zero bits, so a damaged Huffman header made it loop for minutes on a 205-byte file (a fuzzing find). After
 * {@value #MAX_READS_PAST_END} reads at the end this throws an {@link IIOException}, which such readers do not
 * swallow. Written here because no stream in ImageIO or TwelveMonkeys bounds this (theirs are final or unbounded).
 */
final class EndBoundedInputStream extends ImageInputStreamImpl {
  /** Far above the few end-of-data probes a working reader makes, far below a runaway loop's millions. */
  static final int MAX_READS_PAST_END = 4096;

  private final byte[] data;
  private int readsPastEnd;

  EndBoundedInputStream(byte[] data) {
    this.data = data;
  }

  @Override
  public int read() throws IOException {
    checkClosed();
    if (streamPos >= data.length) return pastEnd();
    bitOffset = 0;
    return data[(int) streamPos++] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    checkClosed();
    if (length == 0) return 0;
    if (streamPos >= data.length) return pastEnd();
    int n = (int) Math.min(data.length - streamPos, length);
    bitOffset = 0;
    System.arraycopy(data, (int) streamPos, buffer, offset, n);
    streamPos += n;
    return n;
  }

  private int pastEnd() throws IIOException {
    if (++readsPastEnd > MAX_READS_PAST_END) {
      throw new IIOException("the reader kept reading past the end of the data (" + data.length + " bytes)");
    }
    return -1;
  }

  @Override
  public long length() {
    return data.length;
  }

  @Override
  public boolean isCached() {
    return true;
  }

  @Override
  public boolean isCachedMemory() {
    return true;
  }
}
