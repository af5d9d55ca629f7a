package dev.loupe.bench.jmh;

import dev.loupe.core.query.Metric;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.util.VectorUtil;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One exact distance between two 1280-d vectors: Loupe's scalar {@link Metric#distance} for every metric, and
 * Lucene's {@link VectorUtil} (Panama-vectorised when jdk.incubator.vector is on) for the three it has.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Thread)
public class DistanceBenchmark {

  @Param({"cosine", "dot", "l2", "l1", "correlation"})
  public String metric;

  private Metric parsed;
  private float[] a;
  private float[] b;

  @Setup
  public void setUp() {
    parsed = Metric.parse(metric);
    List<float[]> v = BenchVectors.clustered(2, BenchVectors.DIMENSION, 1);
    a = v.get(0);
    b = v.get(1);
  }

  @Benchmark
  public float scalar() {
    return parsed.distance(a, b);
  }

  /** Lucene's kernel for the metric; metrics VectorUtil lacks (l1, correlation) fall back to the scalar one. */
  @Benchmark
  public float vectorUtil() {
    return switch (parsed) {
      case COSINE -> 1f - VectorUtil.cosine(a, b);
      case DOT -> -VectorUtil.dotProduct(a, b);
      case L2 -> (float) Math.sqrt(VectorUtil.squareDistance(a, b));
      default -> parsed.distance(a, b);
    };
  }
}
