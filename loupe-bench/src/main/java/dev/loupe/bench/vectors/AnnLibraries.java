package dev.loupe.bench.vectors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.util.quantization.QuantizedByteVectorValues.ScalarEncoding;

/** Every library configuration the benchmark knows, by name, in table order. */
final class AnnLibraries {
  // Up to 800: at 50,000 derived vectors Lucene's float graph (M=16, beam 100) reached recall@10 0.94 at 200,
  // short of the 0.95 the format choice is judged at, and a million vectors need more.
  private static final List<Integer> EFFORTS = List.of(10, 50, 100, 200, 400, 800);
  // 1 and 2 bits per dimension rank candidates coarsely: they need about twice the candidates before rescoring
  // to reach the recall the others reach.
  private static final List<Integer> FEW_BIT_EFFORTS = List.of(50, 100, 200, 400, 800, 1600);

  private static final List<Boolean> PLAIN = List.of(false);
  private static final List<Boolean> RESCORED = List.of(true);
  private static final List<Boolean> BOTH = List.of(false, true);

  private AnnLibraries() {}

  static Map<String, AnnLibrary> all() {
    Map<String, AnnLibrary> m = new LinkedHashMap<>();
    // 8 and 7 bits are searched both ways: without rescoring is what Loupe's store does today.
    add(m, new LuceneHnsw("lucene-float", null, PLAIN, EFFORTS));
    add(m, new LuceneHnsw("lucene-int8", ScalarEncoding.UNSIGNED_BYTE, BOTH, EFFORTS));
    add(m, new LuceneHnsw("lucene-int7", ScalarEncoding.SEVEN_BIT, BOTH, EFFORTS));
    add(m, new LuceneHnsw("lucene-int4", ScalarEncoding.PACKED_NIBBLE, RESCORED, EFFORTS));
    add(m, new LuceneHnsw("lucene-bit2", ScalarEncoding.DIBIT_QUERY_NIBBLE, RESCORED, FEW_BIT_EFFORTS));
    add(m, new LuceneHnsw("lucene-bit1", ScalarEncoding.SINGLE_BIT_QUERY_NIBBLE, RESCORED, FEW_BIT_EFFORTS));
    add(m, new JVectorGraph(EFFORTS));
    add(m, new Hnswlib(EFFORTS));
    return m;
  }

  private static void add(Map<String, AnnLibrary> m, AnnLibrary library) {
    m.put(library.name(), library);
  }

  /** The named libraries in the given order; an unknown name fails with the list of valid ones. */
  static List<AnnLibrary> select(List<String> names) {
    Map<String, AnnLibrary> all = all();
    if (names.isEmpty()) return List.copyOf(all.values());
    List<AnnLibrary> out = new ArrayList<>();
    for (String n : names) {
      AnnLibrary library = all.get(n);
      if (library == null) {
        throw new IllegalArgumentException("unknown library '" + n + "'; valid names: " + String.join(", ", all.keySet()));
      }
      if (!out.contains(library)) out.add(library);
    }
    return out;
  }
}
