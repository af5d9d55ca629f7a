package dev.loupe.bench.vectors;

/**
 * Graph parameters shared by every library: Loupe's defaults ({@code IndexSpec.HnswParams.DEFAULT}).
 *
 * @param maxConn HNSW's M: neighbours per node on the upper layers, twice that on the bottom layer
 * @param beamWidth candidates kept while inserting (efConstruction)
 */
record GraphParams(int maxConn, int beamWidth) {
  GraphParams {
    if (maxConn < 2) throw new IllegalArgumentException("maxConn must be at least 2, got: " + maxConn);
    if (beamWidth < 2) throw new IllegalArgumentException("beamWidth must be at least 2, got: " + beamWidth);
  }

  @Override
  public String toString() {
    return "M=" + maxConn + ", beam=" + beamWidth;
  }
}
