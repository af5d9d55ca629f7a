package dev.loupe.eval;

import java.util.Locale;

/**
 * The evaluation levers of a learned projection ({@code loupe train-projection}): {@code project} or
 * {@code project=D} trains one on the gallery's labels and ranks through it; {@code classes=seen} or
 * {@code classes=unseen} keeps only the queries of a fixed half of the classes (or of the other half) and, with
 * {@code project}, trains on the seen half's labels only, so the same query set can be compared with and
 * without a projection, on classes it learned and on classes it never saw.
 *
 * @param train whether to train and apply a projection
 * @param dimension its output dimension; 0 = the model's own (the map starts as the identity), -1 = the
 *     trainer's default
 * @param classes which classes' queries count, and whose labels train
 */
public record ProjectionLever(boolean train, int dimension, Classes classes) {
  public static final ProjectionLever NONE = new ProjectionLever(false, -1, Classes.ALL);

  /** Which classes' queries are evaluated (and which labels a projection may learn from). */
  public enum Classes {
    ALL, SEEN, UNSEEN;

    static Classes parse(String value) {
      for (Classes c : values()) if (c.name().toLowerCase(Locale.ROOT).equals(value)) return c;
      throw new IllegalArgumentException("classes must be all, seen or unseen");
    }
  }

  public ProjectionLever {
    if (dimension < -1) throw new IllegalArgumentException("projection dimension must be 0 or more");
  }

  ProjectionLever withTrain(int d) {
    return new ProjectionLever(true, d, classes);
  }

  ProjectionLever withClasses(Classes c) {
    return new ProjectionLever(train, dimension, c);
  }
}
