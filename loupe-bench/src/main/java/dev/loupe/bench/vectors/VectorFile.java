package dev.loupe.bench.vectors;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Float vectors in one file: a header of two little-endian ints (count, dimension), then the vectors row after
 * row as little-endian floats. Row {@code i} starts at a computable offset, so the file is memory-mapped and read
 * in place: a million 1280-d vectors (5.1 GB) never become a million arrays on the heap.
 */
final class VectorFile {
  static final int HEADER_BYTES = 8;
  private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private VectorFile() {}

  /**
   * Writes {@code count} vectors of {@code dim} floats, produced by {@code producer} into the given sink, to
   * {@code file} atomically: a run killed half way leaves no file that a later run would take for a cache.
   */
  static void write(Path file, int count, int dim, Consumer<Consumer<float[]>> producer) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream raw = Files.newOutputStream(tmp);
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 20))) {
      out.writeInt(Integer.reverseBytes(count));
      out.writeInt(Integer.reverseBytes(dim));
      int[] written = {0};
      producer.accept(v -> {
        if (v.length != dim) throw new IllegalArgumentException("vector " + written[0] + " has " + v.length + " dimensions, expected " + dim);
        try {
          for (float f : v) out.writeInt(Integer.reverseBytes(Float.floatToRawIntBits(f)));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        written[0]++;
      });
      if (written[0] != count) throw new IllegalStateException("wrote " + written[0] + " vectors, expected " + count);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static void write(Path file, List<float[]> vectors) throws IOException {
    write(file, vectors.size(), vectors.get(0).length, sink -> vectors.forEach(sink));
  }

  /** Maps {@code file}; the caller closes the result, which unmaps it. */
  static MappedVectors open(Path file) throws IOException {
    Arena arena = Arena.ofShared();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      MemorySegment segment = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
      int count = segment.get(INT, 0);
      int dim = segment.get(INT, 4);
      long expected = HEADER_BYTES + (long) count * dim * Float.BYTES;
      if (count < 0 || dim < 1 || segment.byteSize() != expected) {
        throw new IOException(file + ": " + segment.byteSize() + " bytes, expected " + expected + " for " + count + " x " + dim
            + " (an interrupted write? delete it to rebuild)");
      }
      return new MappedVectors(arena, segment, count, dim);
    } catch (IOException | RuntimeException e) {
      arena.close();
      throw e;
    }
  }

  /** Reads a small file whole, as arrays (the real embeddings and queries: a few thousand vectors). */
  static List<float[]> readAll(Path file) throws IOException {
    try (MappedVectors m = open(file)) {
      List<float[]> out = new ArrayList<>(m.size());
      for (int i = 0; i < m.size(); i++) out.add(m.get(i));
      return out;
    }
  }

  /** True when {@code file} exists with the header and size of {@code count} x {@code dim} vectors. */
  static boolean matches(Path file, int count, int dim) {
    try {
      if (!Files.isRegularFile(file)) return false;
      try (MappedVectors m = open(file)) {
        return m.size() == count && m.dimension() == dim;
      }
    } catch (IOException e) {
      return false;
    }
  }
}
