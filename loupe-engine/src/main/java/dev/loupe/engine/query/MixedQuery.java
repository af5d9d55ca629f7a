package dev.loupe.engine.query;

import dev.loupe.core.embed.TextEmbedder;
import dev.loupe.core.query.Vectors;
import java.util.ArrayList;
import java.util.List;

/**
 * A text query with rclip's arithmetic: {@code "sneakers -white"} is the embedding of "sneakers" minus that of
 * "white"; {@code "+term"} adds one; a term may end in {@code :W} to weigh it ({@code "beach -people:0.5"}). A
 * sign counts only at the start of a word, so "t-shirt" is one term. The query vector is the sum of the terms'
 * unit vectors times their signed weights (plus an image's, see {@link #vector}), normalised again.
 *
 * @param terms the terms in order; the first is positive
 */
public record MixedQuery(List<Term> terms) {
  /** A bound on the terms of one query: each is one text-tower pass. */
  public static final int MAX_TERMS = 32;

  /** One text of the query and its signed weight. */
  public record Term(String text, double weight) {}

  public MixedQuery {
    terms = List.copyOf(terms);
    if (terms.isEmpty()) throw new IllegalArgumentException("a text query needs some words, got an empty text");
    if (terms.size() > MAX_TERMS) {
      throw new IllegalArgumentException("a text query has at most " + MAX_TERMS + " +/- terms, got " + terms.size());
    }
  }

  public static MixedQuery parse(String query) {
    if (query == null || query.isBlank()) throw new IllegalArgumentException("a text query needs some words, got an empty text");
    List<Term> terms = new ArrayList<>();
    // Split before every word that starts with + or - (and has something after the sign).
    String[] parts = query.strip().split("\\s+(?=[+-][^\\s+-])");
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i].strip();
      double sign = 1;
      if (i > 0 || (p.length() > 1 && (p.charAt(0) == '-' || p.charAt(0) == '+') && !Character.isWhitespace(p.charAt(1)))) {
        if (p.charAt(0) == '-') sign = -1;
        if (p.charAt(0) == '-' || p.charAt(0) == '+') p = p.substring(1);
      }
      double weight = 1;
      int colon = p.lastIndexOf(':');
      if (colon > 0 && p.substring(colon + 1).matches("\\d+(\\.\\d+)?")) {
        weight = Double.parseDouble(p.substring(colon + 1));
        p = p.substring(0, colon);
      }
      if (p.isBlank()) throw new IllegalArgumentException("empty term in text query: " + query);
      terms.add(new Term(p.strip(), sign * weight));
    }
    return new MixedQuery(terms);
  }

  /** Whether this is a plain text (one positive term of weight 1): its vector is the text's own. */
  public boolean plain() {
    return terms.size() == 1 && terms.getFirst().weight() == 1;
  }

  /**
   * The query vector: Σ weight·unit(term) + imageWeight·unit(image), normalised.
   *
   * @param image an image's vector to add, or null
   * @throws IllegalArgumentException when the sum is zero (e.g. "cat -cat"): no direction to search
   */
  public float[] vector(TextEmbedder tower, float[] image, double imageWeight) {
    float[][] vs = tower.embedTexts(terms.stream().map(Term::text).toList());
    float[] sum = new float[tower.dimension()];
    for (int i = 0; i < vs.length; i++) add(sum, vs[i], terms.get(i).weight());
    if (image != null) add(sum, image, imageWeight);
    if (Vectors.norm(sum) == 0) throw new IllegalArgumentException("the query's terms cancel out: nothing to search for");
    return Vectors.normalizeInPlace(sum);
  }

  private static void add(float[] sum, float[] v, double weight) {
    float n = Vectors.norm(v);
    if (n == 0) return;
    for (int i = 0; i < sum.length; i++) sum[i] += (float) (weight * v[i] / n);
  }
}
