package dev.loupe.bench.vectors;

import java.nio.file.Path;
import java.util.List;

/**
 * One library in one configuration (Lucene with one vector format, jvector with or without PQ, hnswlib), as the
 * benchmark builds and searches it. Implementations use the library's documented API and nothing else.
 */
interface AnnLibrary {
  /** The name {@code --libraries} selects it by, e.g. {@code lucene-int8}. */
  String name();

  /** Library and version, e.g. {@code Lucene 10.6.0}. */
  String library();

  /**
   * The search settings measured on one build, grouped by series (one build can be searched several ways, e.g.
   * with and without rescoring), each series lowest effort first.
   */
  List<SearchSetting> settings();

  /**
   * Builds an index of every vector in {@code vectors} with graph degree {@code params}, using {@code threads}
   * threads where the library can; files go under {@code workDir}, which the caller deletes afterwards.
   */
  BuiltIndex build(MappedVectors vectors, GraphParams params, Path workDir, int threads) throws Exception;
}
