package dev.loupe.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.query.Centering;
import dev.loupe.core.query.Metric;
import dev.loupe.core.query.Vectors;
import dev.loupe.testing.PixelVectors.Sample;
import dev.loupe.testing.PixelVectors.Shape;
import dev.loupe.testing.PixelVectors;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exact scan skips a vector when the SIMD lower bound of its distance cannot beat the k-th best, so the
 * bound must never exceed the exact distance: checked on every pair of 40 query photos and 400 database photos,
 * in several shapes, with and without centring. The bound must also be tight, or the scan would compute most
 * distances exactly and lose its speed.
 */
class QueryDistanceTest {

  static List<Arguments> cases() {
    return List.of(
        Arguments.of(PixelVectors.RGB_768_UNIT),
        Arguments.of(PixelVectors.RGB_768_RAW),
        Arguments.of(PixelVectors.GRAY_2560_RAW));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void lowerBoundNeverExceedsTheExactDistanceAndStaysClose(Shape shape) {
    List<Sample> train = PixelVectors.train(shape);
    List<Sample> queries = PixelVectors.test(shape).subList(0, 40);
    float[] mean = new float[shape.dimension()];
    for (Sample s : train) for (int i = 0; i < mean.length; i++) mean[i] += s.vector()[i] / train.size();
    for (Metric metric : List.of(Metric.COSINE, Metric.DOT, Metric.L2)) {
      for (Centering centering : new Centering[] {null, new Centering(mean)}) {
        double widest = 0;
        for (Sample q : queries) {
          QueryDistance distance = new QueryDistance(q.vector(), metric, centering);
          for (Sample s : train) {
            float exact = distance.exact(s.vector());
            float bound = distance.lowerBound(s.vector());
            String where = metric + " centred=" + (centering != null) + " " + q.id() + " vs " + s.id();
            assertTrue(bound <= exact, where + ": bound " + bound + " > exact " + exact);
            // Relative to the scale of the distances: 1 for cosine and centred (unit) vectors, the distance for L2
            // (a sum of squares errs relative to itself), |q||v| for a dot product of raw vectors.
            double scale = metric == Metric.DOT && centering == null
                ? Math.max(1, Vectors.norm(q.vector()) * Vectors.norm(s.vector()))
                : Math.max(1, Math.abs(exact));
            widest = Math.max(widest, (exact - bound) / scale);
          }
        }
        System.out.printf(Locale.ROOT, "%s %s centred=%s: widest gap between bound and exact %.2e%n", shape,
            metric, centering != null, widest);
        assertTrue(widest < 2e-3, "gap " + widest);
      }
    }
  }

  @Test
  void degenerateVectorsFallBackToTheExactDistance() {
    float[] v = PixelVectors.train(PixelVectors.RGB_768_UNIT).get(0).vector();
    // A zero query: cosine 0 with everything, so the distance is exactly 1, and the bound says so.
    QueryDistance zero = new QueryDistance(new float[768], Metric.COSINE, null);
    assertEquals(1f, zero.exact(v));
    assertEquals(1f, zero.lowerBound(v));
    // A stored vector equal to the mean centres to zero: no bound, the exact path decides.
    QueryDistance centred = new QueryDistance(PixelVectors.train(PixelVectors.RGB_768_UNIT).get(1).vector(),
        Metric.COSINE, new Centering(v));
    assertEquals(Float.NEGATIVE_INFINITY, centred.lowerBound(v));
    assertEquals(1f, centred.exact(v));
    // L1 and CORRELATION have no fast path: the bound is the exact distance.
    for (Metric metric : List.of(Metric.L1, Metric.CORRELATION)) {
      QueryDistance d = new QueryDistance(PixelVectors.test(PixelVectors.RGB_768_UNIT).get(0).vector(), metric, null);
      assertTrue(d.boundIsExact());
      assertEquals(d.exact(v), d.lowerBound(v));
    }
  }
}
