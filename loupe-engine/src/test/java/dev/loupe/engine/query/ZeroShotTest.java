package dev.loupe.engine.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The zero-shot softmax on hand-made vectors whose cosines are known exactly. */
class ZeroShotTest {
  static final float[] IMAGE = {1, 0, 0};
  // Cosines with IMAGE: 0.8, 0.6, 0 (the last is orthogonal); the first is not unit length on purpose.
  static final float[][] PROMPTS = {{1.6f, 1.2f, 0}, {0.6f, 0.8f, 0}, {0, 0, 1}};
  static final List<String> LABELS = List.of("cat", "dog", "car");

  @Test
  void probabilitiesAreTheSoftmaxOfScaledCosinesAndSumToOne() {
    List<LabelScore> scores = ZeroShot.classify(IMAGE, LABELS, PROMPTS, 10);
    double z = Math.exp(8) + Math.exp(6) + Math.exp(0);
    assertEquals(List.of("cat", "dog", "car"), scores.stream().map(LabelScore::label).toList(), "follow the similarities");
    assertEquals(Math.exp(8) / z, scores.get(0).probability(), 1e-6); // cosines in float
    assertEquals(Math.exp(6) / z, scores.get(1).probability(), 1e-6); // cosines in float
    assertEquals(Math.exp(0) / z, scores.get(2).probability(), 1e-6); // cosines in float
    assertEquals(0.8, scores.get(0).similarity(), 1e-6);
    assertEquals(1, scores.stream().mapToDouble(LabelScore::probability).sum(), 1e-12);
  }

  @Test
  void theTemperatureSharpensWithoutReordering() {
    List<LabelScore> soft = ZeroShot.classify(IMAGE, LABELS, PROMPTS, 1);
    List<LabelScore> sharp = ZeroShot.classify(IMAGE, LABELS, PROMPTS, 100);
    assertEquals(soft.stream().map(LabelScore::label).toList(), sharp.stream().map(LabelScore::label).toList());
    assertTrue(sharp.get(0).probability() > soft.get(0).probability());
    // exp(100·0.8) would overflow a naive float softmax; shifted by the max it stays exact.
    assertEquals(1 / (1 + Math.exp(-20) + Math.exp(-80)), sharp.get(0).probability(), 1e-9);
  }

  @Test
  void thePromptPutsTheLabelInTheTemplate() {
    assertEquals("a photo of a red shoe", ZeroShot.prompt(ZeroShot.DEFAULT_TEMPLATE, "red shoe"));
  }
}
