package dev.loupe.engine.text;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * TF-IDF of lower-cased words: a fixed vocabulary with one inverse document frequency per word. A text becomes a
 * sparse, unit-length row (sublinear term frequency 1 + ln tf, times idf); words outside the vocabulary are
 * ignored. Only the first {@link #CONTEXT} words count, so that a text's cost is bounded like a CLIP context.
 */
public record WordFeatures(List<String> vocabulary, float[] idf) {
  /** Words of a text that count; the rest is cut (and {@link #truncates} says so). */
  public static final int CONTEXT = 77;
  /** The most words the vocabulary keeps (the most frequent): bounds the closed-form solve at CONTEXT². */
  public static final int MAX_VOCABULARY = 4096;

  public WordFeatures {
    vocabulary = List.copyOf(vocabulary);
    idf = idf.clone();
    if (idf.length != vocabulary.size()) throw new IllegalArgumentException("one idf per word");
  }

  /** A copy: the record stays immutable. */
  @Override
  public float[] idf() {
    return idf.clone();
  }

  /** A sparse row: word indexes ascending, with their weights. */
  public record Row(int[] index, float[] value) {}

  static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (!w.isEmpty()) out.add(w);
    }
    return out;
  }

  static boolean truncates(String text) {
    return words(text).size() > CONTEXT;
  }

  /** The vocabulary of a training set: words by document frequency (most first, ties by word), capped. */
  public static WordFeatures fit(List<String> texts) {
    Map<String, Integer> df = new HashMap<>();
    for (String t : texts) {
      for (String w : new java.util.TreeSet<>(cut(words(t)))) df.merge(w, 1, Integer::sum);
    }
    List<String> vocab = df.keySet().stream()
        .sorted(Comparator.<String>comparingInt(df::get).reversed().thenComparing(Comparator.naturalOrder()))
        .limit(MAX_VOCABULARY).toList();
    float[] idf = new float[vocab.size()];
    int n = texts.size();
    for (int i = 0; i < idf.length; i++) idf[i] = (float) (Math.log((1.0 + n) / (1.0 + df.get(vocab.get(i)))) + 1.0);
    return new WordFeatures(vocab, idf);
  }

  private static List<String> cut(List<String> words) {
    return words.size() > CONTEXT ? words.subList(0, CONTEXT) : words;
  }

  /** The unit-length TF-IDF row of a text; an empty row when none of its words is known. */
  public Row row(String text, Map<String, Integer> positions) {
    TreeMap<Integer, Integer> counts = new TreeMap<>();
    for (String w : cut(words(text))) {
      Integer at = positions.get(w);
      if (at != null) counts.merge(at, 1, Integer::sum);
    }
    int[] index = new int[counts.size()];
    float[] value = new float[counts.size()];
    double norm = 0;
    int k = 0;
    for (var e : counts.entrySet()) {
      index[k] = e.getKey();
      value[k] = (float) ((1 + Math.log(e.getValue())) * idf[e.getKey()]);
      norm += (double) value[k] * value[k];
      k++;
    }
    if (norm > 0) {
      float inv = (float) (1 / Math.sqrt(norm));
      for (int i = 0; i < value.length; i++) value[i] *= inv;
    }
    return new Row(index, value);
  }

  /** Word → column, for {@link #row}. */
  public Map<String, Integer> positions() {
    Map<String, Integer> out = new HashMap<>();
    for (int i = 0; i < vocabulary.size(); i++) out.put(vocabulary.get(i), i);
    return out;
  }
}
