package dev.loupe.bench.vectors;

import java.util.Map;

/**
 * One line of the table: one library configuration at one search effort.
 *
 * @param qps queries per second by thread count, median of the repetitions
 * @param p50Ms median single-query latency on one thread
 * @param heapBytes heap still held after the build, after garbage collection, beyond what was held before it
 */
record VectorRow(String name, String library, String format, String buildParams, double buildSeconds, long indexBytes,
    long searchBytes, long heapBytes, String effortName, int effort, double recall, Map<Integer, Double> qps,
    double p50Ms, double p99Ms) {
  VectorRow {
    qps = Map.copyOf(qps);
  }
}
