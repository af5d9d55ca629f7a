package dev.loupe.engine.query;

import dev.loupe.core.query.Vectors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * CLIP's zero-shot classifier: the softmax over labels of {@code scale × cos(image, prompt)}.
 */
public final class ZeroShot {
  /** CLIP's prompt template; {@code {label}} is replaced by each label. */
  public static final String DEFAULT_TEMPLATE = "a photo of a {label}";
  /** A bound on the label count: every label is one text-tower pass. */
  public static final int MAX_LABELS = 10_000;

  private ZeroShot() {}

  /** The prompt of {@code label} in {@code template}. */
  public static String prompt(String template, String label) {
    return template.replace("{label}", label);
  }

  /**
   * Labels with their similarities and probabilities, most probable first (ties by the given order).
   *
   * @param scale the temperature (CLIP: 100)
   */
  public static List<LabelScore> classify(float[] image, List<String> labels, float[][] prompts, double scale) {
    if (labels.size() != prompts.length) throw new IllegalArgumentException("one prompt vector per label");
    float[] cosines = new float[labels.size()];
    double[] logits = new double[labels.size()];
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < logits.length; i++) {
      cosines[i] = Vectors.cosine(image, prompts[i]);
      logits[i] = scale * cosines[i];
      max = Math.max(max, logits[i]);
    }
    double sum = 0;
    double[] e = new double[logits.length];
    for (int i = 0; i < logits.length; i++) {
      e[i] = Math.exp(logits[i] - max); // shifted by the max: exp never overflows
      sum += e[i];
    }
    List<LabelScore> out = new ArrayList<>();
    for (int i = 0; i < logits.length; i++) {
      out.add(new LabelScore(labels.get(i), cosines[i], e[i] / sum));
    }
    out.sort(Comparator.comparingDouble(LabelScore::probability).reversed());
    return out;
  }
}
