package dev.loupe.bench.vectors;

/** A built index, searched by one {@link Searcher} per thread; closing it releases its memory and files. */
interface BuiltIndex extends AutoCloseable {
  /** Bytes of the whole index: on disk, or in memory for in-memory libraries. */
  long indexBytes();

  /**
   * Bytes a search with {@code setting} reads on every query and so needs in RAM to be fast: the graph and the
   * vectors it is traversed with (quantized ones where the format has them). Raw vectors read only to rescore a
   * few candidates are left out.
   */
  long searchBytes(SearchSetting setting);

  /**
   * The build time of the series {@code setting} belongs to, given the whole build's: an index that builds
   * something only some series use (jvector's PQ codes) leaves that out of the other series' time.
   */
  default double buildSeconds(SearchSetting setting, double wholeBuildSeconds) {
    return wholeBuildSeconds;
  }

  /** A searcher for one thread. */
  Searcher searcher() throws Exception;

  @Override
  void close() throws Exception;

  /** Searches one query at a time; not shared between threads. */
  interface Searcher {
    /** The ordinals (rows of the vector file) of the {@code k} nearest, best first, searched as {@code setting} says. */
    int[] search(float[] query, int k, SearchSetting setting) throws Exception;
  }
}
