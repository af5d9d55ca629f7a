package dev.loupe.bench.vectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench vectors} end to end at a small scale on real embeddings: 5,000 vectors derived from 300 caltech20
 * training images, 20 held-out caltech20 test queries, every library. No timing is asserted.
 */
class VectorBenchTest {
  private static final int N = 5_000;

  @Test
  void everyLibraryFindsTheExactNeighboursAndTheOutputsAreWritten(@TempDir Path out) throws Exception {
    RealVectors.Sources sources = new RealVectors.Sources(List.of(SharedData.data("caltech20/train")),
        List.of(SharedData.data("caltech20/test")), 300, 20);
    VectorBench.Config config = new VectorBench.Config(SharedData.root(), "mobilenetv2-tf2-ptq", sources, N,
        List.of(1, 2), out, List.of(), new GraphParams(16, 100), 1, 20);
    VectorBench.Result result = new VectorBench(config).run();

    // Ground truth, as cached by the run, against a plain reference: every row scored, sorted.
    RealVectors real = RealVectors.load(SharedData.root(), "mobilenetv2-tf2-ptq", sources, out);
    assertEquals(20, real.queries().size());
    int[][] truth;
    try (MappedVectors gallery = VectorFile.open(result.galleryFile())) {
      assertEquals(N, gallery.size());
      assertEquals(1280, gallery.dimension());
      truth = GroundTruth.cached(result.truthFile(), gallery, real.queries(), VectorBench.K, 2);
      for (int q = 0; q < truth.length; q++) {
        float[] query = real.queries().get(q);
        double[] scores = IntStream.range(0, N).mapToDouble(i -> dot(gallery.get(i), query)).toArray();
        int[] reference = IntStream.range(0, N).boxed()
            .sorted(Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparingInt(i -> i))
            .limit(VectorBench.K).mapToInt(Integer::intValue).toArray();
        double tenth = scores[reference[VectorBench.K - 1]];
        assertEquals(VectorBench.K, truth[q].length);
        for (int id : truth[q]) {
          // Float sums in another order may swap near-ties; anything else is a wrong neighbour.
          assertTrue(scores[id] >= tenth - 1e-5, "query " + q + ": " + id + " is not among the exact 10");
        }
        assertEquals(reference[0], truth[q][0], "query " + q + ": nearest neighbour");
      }
    }

    // Every configuration, its highest effort: recall@10 against that ground truth.
    Map<String, VectorRow> best = new TreeMap<>();
    for (VectorRow r : result.rows()) best.merge(r.name(), r, (a, b) -> a.effort() >= b.effort() ? a : b);
    assertEquals(new java.util.TreeSet<>(List.of("hnswlib", "jvector", "jvector-pq", "lucene-bit1+rescore", "lucene-bit2+rescore",
        "lucene-float", "lucene-int4+rescore", "lucene-int7", "lucene-int7+rescore", "lucene-int8", "lucene-int8+rescore")),
        best.keySet());
    for (VectorRow r : best.values()) {
      assertTrue(r.recall() >= 0.9, r.name() + " at " + r.effortName() + "=" + r.effort() + ": recall@10 " + r.recall());
      assertTrue(r.qps().get(1) > 0 && r.qps().get(2) > 0, r.toString());
      assertTrue(r.indexBytes() > 0 && r.searchBytes() > 0 && r.searchBytes() <= r.indexBytes(), r.toString());
    }

    // The outputs: table with machine facts, CSV with one line per row, a PNG chart.
    assertTrue(result.markdown().contains("cores, Java"), result.markdown());
    assertTrue(result.markdown().contains("| recall@10"), result.markdown());
    assertTrue(result.markdown().contains("Cheapest setting with recall@10 >= 0.95 per configuration:"), result.markdown());
    assertTrue(result.markdown().contains("| of float's"), result.markdown());
    for (String name : List.of("Lucene 10.6.0", "jvector 4.0.2", "hnswlib-core 1.2.0", "1-bit (int4 query), float rescoring")) {
      assertTrue(result.markdown().contains(name), name + " in\n" + result.markdown());
    }
    List<String> csv = Files.readAllLines(result.csv());
    assertEquals(1 + result.rows().size(), csv.size());
    assertTrue(csv.get(0).contains("recall_at_10,qps_1_threads,qps_2_threads,p50_ms,p99_ms"), csv.get(0));
    byte[] png = Files.readAllBytes(result.chart());
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4));

    // A rerun reuses the cached vectors and ground truth: same file, same contents.
    long modified = Files.getLastModifiedTime(result.truthFile()).toMillis();
    VectorBench.Config lucene = new VectorBench.Config(SharedData.root(), "mobilenetv2-tf2-ptq", sources, N, List.of(1), out,
        List.of("lucene-float"), new GraphParams(16, 100), 1, 20);
    VectorBench.Result again = new VectorBench(lucene).run();
    assertEquals(modified, Files.getLastModifiedTime(again.truthFile()).toMillis());
    assertEquals(List.of("lucene-float"), again.rows().stream().map(VectorRow::name).distinct().toList());
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
    return s;
  }

  @Test
  void unknownLibraryNamesListTheValidOnes() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> AnnLibraries.select(List.of("lucene-float", "faiss")));
    assertTrue(e.getMessage().contains("unknown library 'faiss'; valid names: lucene-float, lucene-int8"), e.getMessage());
    assertEquals(List.of("hnswlib", "lucene-bit1"),
        AnnLibraries.select(List.of("hnswlib", "lucene-bit1", "hnswlib")).stream().map(AnnLibrary::name).toList());
  }
}
