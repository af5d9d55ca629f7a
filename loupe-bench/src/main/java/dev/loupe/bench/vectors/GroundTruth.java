package dev.loupe.bench.vectors;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.lucene.util.VectorUtil;

/**
 * Exact nearest neighbours by dot product (the vectors are unit length, so this is cosine), by brute force.
 *
 * <p>Each thread scans its own slice of the gallery once, scoring every row against all queries while the row is
 * in cache; reading a 5 GB gallery once per query instead would be bounded by memory bandwidth. Per-slice top
 * lists are merged at the end.
 */
final class GroundTruth {
  private GroundTruth() {}

  /** The {@code k} exact neighbours of each query, best first. */
  static int[][] compute(MappedVectors gallery, List<float[]> queries, int k, int threads) throws Exception {
    int n = gallery.size();
    int slices = Math.max(1, Math.min(threads * 8, n / 1000 + 1));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<TopK[]>> parts = new ArrayList<>();
      for (int s = 0; s < slices; s++) {
        int from = (int) ((long) n * s / slices);
        int to = (int) ((long) n * (s + 1) / slices);
        parts.add(pool.submit(() -> scan(gallery, queries, k, from, to)));
      }
      TopK[] merged = new TopK[queries.size()];
      for (int q = 0; q < merged.length; q++) merged[q] = new TopK(k);
      for (Future<TopK[]> part : parts) {
        TopK[] p = part.get();
        for (int q = 0; q < merged.length; q++) merged[q].addAll(p[q]);
      }
      int[][] out = new int[merged.length][];
      for (int q = 0; q < merged.length; q++) out[q] = merged[q].sortedIds();
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  private static TopK[] scan(MappedVectors gallery, List<float[]> queries, int k, int from, int to) {
    TopK[] top = new TopK[queries.size()];
    for (int q = 0; q < top.length; q++) top[q] = new TopK(k);
    float[] row = new float[gallery.dimension()];
    for (int i = from; i < to; i++) {
      gallery.get(i, row);
      for (int q = 0; q < top.length; q++) top[q].offer(i, VectorUtil.dotProduct(row, queries.get(q)));
    }
    return top;
  }

  /** The cached result in {@code file} if it has {@code queries} rows of {@code k}, else computes and caches it. */
  static int[][] cached(Path file, MappedVectors gallery, List<float[]> queries, int k, int threads) throws Exception {
    int[][] old = read(file, queries.size(), k);
    if (old != null) {
      System.err.println("ground truth: reusing " + file);
      return old;
    }
    long t0 = System.nanoTime();
    int[][] truth = compute(gallery, queries, k, threads);
    System.err.printf(Locale.ROOT, "ground truth: %d queries x %d vectors by brute force in %.1f s%n",
        queries.size(), gallery.size(), (System.nanoTime() - t0) / 1e9);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
      out.writeInt(truth.length);
      out.writeInt(k);
      for (int[] row : truth) for (int id : row) out.writeInt(id);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return truth;
  }

  private static int[][] read(Path file, int rows, int k) throws IOException {
    // A file cut short (a killed run) is computed again, not read into an EOFException.
    if (!Files.isRegularFile(file) || Files.size(file) != 8 + 4L * rows * k) return null;
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      if (in.readInt() != rows || in.readInt() != k) return null;
      int[][] out = new int[rows][k];
      for (int[] row : out) for (int j = 0; j < k; j++) row[j] = in.readInt();
      return out;
    }
  }
}
