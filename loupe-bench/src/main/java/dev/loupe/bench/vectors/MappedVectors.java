package dev.loupe.bench.vectors;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The vectors of a {@link VectorFile}, memory-mapped: reads copy one row into an array; the page cache, not the
 * heap, holds the data. Safe to read from several threads; {@link #close()} unmaps, after which reads fail.
 */
final class MappedVectors implements AutoCloseable {
  private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private final Arena arena;
  private final MemorySegment segment;
  private final int count;
  private final int dim;

  MappedVectors(Arena arena, MemorySegment segment, int count, int dim) {
    this.arena = arena;
    this.segment = segment;
    this.count = count;
    this.dim = dim;
  }

  int size() {
    return count;
  }

  int dimension() {
    return dim;
  }

  /** Row {@code i} copied into {@code into} (length {@link #dimension()}), which is returned. */
  float[] get(int i, float[] into) {
    if (i < 0 || i >= count) throw new IndexOutOfBoundsException("vector " + i + " of " + count);
    MemorySegment.copy(segment, FLOAT, VectorFile.HEADER_BYTES + (long) i * dim * Float.BYTES, into, 0, dim);
    return into;
  }

  float[] get(int i) {
    return get(i, new float[dim]);
  }

  /** Bytes of vector data, without the header. */
  long dataBytes() {
    return (long) count * dim * Float.BYTES;
  }

  @Override
  public void close() {
    arena.close();
  }
}
