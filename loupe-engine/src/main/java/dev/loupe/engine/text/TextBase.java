package dev.loupe.engine.text;

import java.util.List;
import java.util.Locale;

/**
 * What turns a text into the feature row that a tower's ridge weights map into the image space: base (a) TF-IDF of
 * the catalogue's words ({@link TfidfBase}), or base (c) the frozen MiniLM sentence encoder ({@link MiniLmBase}).
 * The trainer, the ridge solve and the tower are the same for both; only the rows differ.
 */
public sealed interface TextBase extends AutoCloseable permits TfidfBase, MiniLmBase {
  /** The base a tower is trained on when none is asked for: the one that won on held-back fashion-dev products. */
  String DEFAULT = TfidfBase.NAME;
  /** Every base name, as {@code --base} takes it. */
  List<String> NAMES = List.of(TfidfBase.NAME, MiniLmBase.NAME);

  /** The base's name as saved in the tower ({@link TowerInfo#base()}). */
  String name();

  /** Features per row: rows of the weights matrix. */
  int size();

  /** What a saved tower must match to be used with this base: empty when the base is saved in the tower itself. */
  String checksum();

  /** One row per text, in order. */
  List<WordFeatures.Row> rows(List<String> texts);

  /** Whether the base cuts {@code text}. */
  boolean truncates(String text);

  @Override
  default void close() {}

  /** Fails with one line listing the bases when {@code name} is none of them. */
  static String checkName(String name) {
    String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    if (!NAMES.contains(n)) {
      throw new IllegalArgumentException("unknown text base '" + name + "'; choose one of " + String.join(", ", NAMES));
    }
    return n;
  }
}
