package dev.loupe.engine.text;

import java.util.Arrays;
import java.util.Locale;

/** How a tower's weights are fitted to the image vectors. */
public enum Objective {
  /** Closed form: least squares onto the centred image vectors with a ridge penalty chosen on held-back items. */
  RIDGE,
  /**
   * Base (b): learned embeddings of the base's features, pooled and projected, trained with the symmetric InfoNCE
   * loss and a learned temperature; early stopping on held-back items.
   */
  CONTRASTIVE,
  /**
   * Both, keeping the one whose tower ranks the held-back items better (mean reciprocal rank): which wins depends on
   * the data (contrastive on fashion-dev's 1,500 titles, ridge on 320 COCO captions; docs/text.md). A saved tower
   * records the one kept, never this.
   */
  AUTO;

  /** The objective {@code loupe train-text} uses when none is asked for. */
  public static final Objective DEFAULT = AUTO;

  /** As {@code --objective} takes it and the tower file saves it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Fails with one line listing the objectives when {@code label} is none of them. */
  public static Objective parse(String label) {
    String l = label == null ? "" : label.strip().toLowerCase(Locale.ROOT);
    for (Objective o : values()) if (o.label().equals(l)) return o;
    throw new IllegalArgumentException("unknown objective '" + label + "'; choose one of "
        + String.join(", ", Arrays.stream(values()).map(Objective::label).toList()));
  }
}
