package dev.loupe.core.index;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How an index stores the vectors its HNSW graph is searched with. Every format also keeps the raw float
 * vectors, which re-rank the graph's candidates exactly (so results stay exact in order; only which candidates
 * the graph finds depends on the format), and which an exact scan reads.
 */
public enum VectorFormat {
  /** 32-bit floats: 4 bytes per dimension, the reference. */
  FLOAT("float"),
  /** 8-bit scalar quantization: 1 byte per dimension, a quarter of float. */
  INT8("int8"),
  /** 4-bit scalar quantization: half a byte per dimension. */
  INT4("int4"),
  /** 1 bit per dimension (the query at 4 bits): a thirty-second of float; needs a wide candidate pool. */
  BIT1("bit1");

  /**
   * The format of a new index when none is named (a constant, so that help texts can quote it). Chosen from
   * {@code scripts/bench vectors} (docs/benchmarks.md): re-ranked with the floats, int4 finds the same neighbours
   * as float from about 50 candidates up (the store doubles its pool), at 82–87 % of its queries/s and an eighth
   * of the memory the graph search keeps hot; the index on disk is about 13 % larger (it keeps the floats too).
   */
  public static final String DEFAULT_NAME = "int4";

  private final String label;

  VectorFormat(String label) {
    this.label = label;
  }

  /** The name users write and specs record, e.g. {@code int8}. */
  public String label() {
    return label;
  }

  /** The format named {@code name} (case-insensitive); an unknown name fails with the list of valid ones. */
  public static VectorFormat parse(String name) {
    for (VectorFormat f : values()) if (f.label.equals(name.toLowerCase(Locale.ROOT))) return f;
    throw new IllegalArgumentException("unknown vector format '" + name + "'; valid names: " + names());
  }

  /** The valid names, comma-separated, for messages and help texts. */
  public static String names() {
    return Arrays.stream(values()).map(VectorFormat::label).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return label;
  }
}
