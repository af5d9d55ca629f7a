package dev.loupe.core.embed;

import dev.loupe.core.image.RgbImage;
import dev.loupe.core.query.Vectors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Several embedders as one: each member's vector is L2-normalised, multiplied by its weight, the results are
 * concatenated and the whole is L2-normalised again. With unit weights the cosine of two ensemble vectors is the
 * mean of the members' cosines, so no single model dominates by its scale.
 */
public final class EnsembleEmbedder implements Embedder {

  /** A member and its weight. */
  public record Member(Embedder embedder, double weight) {
    public Member {
      if (!(weight > 0)) throw new IllegalArgumentException("ensemble weight must be positive, got: " + weight);
    }

    String label() {
      String name = embedder.descriptor().name();
      return weight == 1.0 ? name : name + "*" + formatWeight(weight);
    }
  }

  private final List<Member> members;
  private final EmbedderDescriptor descriptor;

  public EnsembleEmbedder(List<Member> members) {
    this(null, members);
  }

  /**
   * @param name the ensemble's name as declared in a spec, or null to name it after its members ({@code a+b*0.5})
   * @param members members and weights
   */
  public EnsembleEmbedder(String name, List<Member> members) {
    if (members.isEmpty()) throw new IllegalArgumentException("an ensemble needs at least one member");
    this.members = List.copyOf(members);
    int dim = 0;
    Map<String, String> fingerprint = new LinkedHashMap<>();
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      Member m = members.get(i);
      EmbedderDescriptor d = m.embedder().descriptor();
      dim += d.dimension();
      labels.add(m.label());
      String prefix = "member" + i + ".";
      fingerprint.put(prefix + "name", d.name());
      fingerprint.put(prefix + "weight", formatWeight(m.weight()));
      d.fingerprint().forEach((k, v) -> fingerprint.put(prefix + k, v));
    }
    if (name != null) fingerprint.put("members", String.join("+", labels));
    this.descriptor = new EmbedderDescriptor(name != null ? name : String.join("+", labels), dim, true, fingerprint);
  }

  public List<Member> members() {
    return members;
  }

  @Override
  public EmbedderDescriptor descriptor() {
    return descriptor;
  }

  @Override
  public int minInputSide() {
    int side = 0;
    for (Member m : members) side = Math.max(side, m.embedder().minInputSide());
    return side;
  }

  /** The members' prepared inputs, concatenated; each member reads back its own slice. */
  @Override
  public float[] prepare(RgbImage image) {
    List<float[]> parts = new ArrayList<>(members.size());
    int total = 0;
    for (Member m : members) {
      float[] p = m.embedder().prepare(image);
      parts.add(p);
      total += p.length;
    }
    float[] out = new float[total + members.size()];
    // A small header of slice lengths keeps prepare() stateless whatever the members' input sizes.
    int at = members.size();
    for (int i = 0; i < parts.size(); i++) {
      out[i] = parts.get(i).length;
      System.arraycopy(parts.get(i), 0, out, at, parts.get(i).length);
      at += parts.get(i).length;
    }
    return out;
  }

  @Override
  public float[][] embedPrepared(List<float[]> prepared) {
    float[][] out = new float[prepared.size()][descriptor.dimension()];
    int dimAt = 0;
    for (int m = 0; m < members.size(); m++) {
      List<float[]> slices = new ArrayList<>(prepared.size());
      for (float[] p : prepared) slices.add(slice(p, m));
      float[][] vectors = members.get(m).embedder().embedPrepared(slices);
      float weight = (float) members.get(m).weight();
      for (int i = 0; i < vectors.length; i++) {
        float[] v = Vectors.normalizeInPlace(vectors[i].clone());
        for (int j = 0; j < v.length; j++) out[i][dimAt + j] = weight * v[j];
      }
      dimAt += members.get(m).embedder().dimension();
    }
    for (float[] v : out) Vectors.normalizeInPlace(v);
    return out;
  }

  private float[] slice(float[] prepared, int member) {
    int at = members.size();
    for (int i = 0; i < member; i++) at += (int) prepared[i];
    int length = (int) prepared[member];
    float[] out = new float[length];
    System.arraycopy(prepared, at, out, 0, length);
    return out;
  }

  @Override
  public void close() {
    for (Member m : members) m.embedder().close();
  }

  static String formatWeight(double w) {
    return w == Math.rint(w) ? String.valueOf((long) w) : String.format(Locale.ROOT, "%s", w);
  }
}
