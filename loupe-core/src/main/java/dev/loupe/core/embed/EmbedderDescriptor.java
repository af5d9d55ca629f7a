package dev.loupe.core.embed;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What produced a set of vectors. Two embedders with equal descriptors produce comparable vectors; an index
 * stores the descriptor of its embedder and refuses vectors or queries from any other.
 *
 * @param name short name of the embedder (also the index field name), e.g. {@code mobilenetv2-tf2-ptq}
 * @param dimension length of every vector
 * @param normalized whether every vector has unit L2 norm (then cosine = dot product)
 * @param fingerprint everything that changes the vectors: model checksum, tensor names, preprocessing
 */
public record EmbedderDescriptor(String name, int dimension, boolean normalized, Map<String, String> fingerprint) {
  /** The fingerprint key of the model file's SHA-256, set by embedders that run one model file. */
  public static final String MODEL_SHA256 = "model.sha256";


  public EmbedderDescriptor {
    Objects.requireNonNull(name, "name");
    if (!name.matches("[A-Za-z0-9._+*-]+")) {
      throw new IllegalArgumentException("embedder name must be letters, digits or . _ + * -, got: " + name);
    }
    if (dimension < 1) {
      throw new IllegalArgumentException("dimension must be at least 1, got: " + dimension);
    }
    fingerprint = Map.copyOf(new TreeMap<>(fingerprint));
  }

  /**
   * The differences between this descriptor and another, one per line, for error messages; empty when they
   * are compatible.
   */
  public String differencesTo(EmbedderDescriptor other) {
    StringBuilder out = new StringBuilder();
    if (!name.equals(other.name)) out.append("embedder ").append(name).append(" vs ").append(other.name).append("; ");
    if (dimension != other.dimension) out.append("dimension ").append(dimension).append(" vs ").append(other.dimension).append("; ");
    if (normalized != other.normalized) out.append("normalized ").append(normalized).append(" vs ").append(other.normalized).append("; ");
    TreeMap<String, String> keys = new TreeMap<>(fingerprint);
    other.fingerprint.forEach(keys::putIfAbsent);
    for (String key : keys.keySet()) {
      String a = fingerprint.get(key);
      String b = other.fingerprint.get(key);
      if (!Objects.equals(a, b)) out.append(key).append(' ').append(a).append(" vs ").append(b).append("; ");
    }
    return out.isEmpty() ? "" : out.substring(0, out.length() - 2);
  }
}
