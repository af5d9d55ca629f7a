package dev.loupe.engine.text;

import java.util.List;
import java.util.Map;

/** Base (a): TF-IDF of the words of the training texts; the vocabulary and idf are saved in the tower file. */
public record TfidfBase(WordFeatures features, Map<String, Integer> positions) implements TextBase {
  public static final String NAME = "tfidf";

  public TfidfBase(WordFeatures features) {
    this(features, Map.copyOf(features.positions()));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int size() {
    return features.vocabulary().size();
  }

  @Override
  public String checksum() {
    return "";
  }

  @Override
  public List<WordFeatures.Row> rows(List<String> texts) {
    return texts.stream().map(t -> features.row(t, positions)).toList();
  }

  @Override
  public boolean truncates(String text) {
    return WordFeatures.truncates(text);
  }
}
