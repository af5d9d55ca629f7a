package dev.loupe.eval;

import dev.loupe.engine.text.Objective;
import dev.loupe.engine.text.TextBase;

/**
 * A text tower that {@code loupe eval} trains itself, as {@code loupe train-text} would, on the texts of part of the
 * images: {@code BASE[:OBJECTIVE]}, e.g. {@code tfidf}, {@code minilm:contrastive}.
 */
public record TowerRecipe(String base, Objective objective) {
  public TowerRecipe {
    base = TextBase.checkName(base);
    if (objective == null) objective = Objective.DEFAULT;
  }

  /** Parses {@code BASE[:OBJECTIVE]}; fails with one line naming the choices. */
  public static TowerRecipe parse(String spec) {
    String[] parts = spec.strip().split(":", -1);
    if (parts.length > 2) throw new IllegalArgumentException("a tower is BASE[:OBJECTIVE], got: " + spec);
    return new TowerRecipe(parts[0], parts.length == 2 ? Objective.parse(parts[1]) : Objective.DEFAULT);
  }

  @Override
  public String toString() {
    return base + ":" + objective.label();
  }
}
