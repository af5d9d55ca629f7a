package dev.loupe.bench.vectors;

/**
 * One search-effort setting of a built index: a table row and a point on the chart.
 *
 * @param series the chart line and CSV name it belongs to, e.g. {@code lucene-int8+rescore}: settings of one
 *     series differ only in effort
 * @param format what the search reads, e.g. {@code int8, float rescoring}
 * @param effortName what the library calls the effort, e.g. {@code numCandidates}
 * @param effort candidates kept by the search, of which the top k are returned
 * @param rescore re-score the candidates with the raw float vectors before taking the top k
 */
record SearchSetting(String series, String format, String effortName, int effort, boolean rescore) {
  SearchSetting {
    if (effort < 1) throw new IllegalArgumentException("effort must be at least 1, got: " + effort);
  }
}
