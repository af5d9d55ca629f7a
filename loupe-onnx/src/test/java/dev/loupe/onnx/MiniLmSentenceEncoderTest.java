package dev.loupe.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real int8 all-MiniLM-L6-v2: unit 384-d vectors whose cosines order texts by meaning. */
class MiniLmSentenceEncoderTest {
  static MiniLmSentenceEncoder minilm;

  @BeforeAll
  static void load() {
    minilm = MiniLmSentenceEncoder.load(1);
  }

  @AfterAll
  static void close() {
    minilm.close();
  }

  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }

  @Test
  void unitVectorsOf384() {
    assertEquals(384, minilm.dimension());
    float[][] v = minilm.encode(List.of("a red dress", "", "x".repeat(2000)));
    for (float[] x : v) {
      assertEquals(384, x.length);
      assertEquals(1.0, dot(x, x), 1e-4);
    }
    assertEquals(64, minilm.sha256().length());
    assertEquals(MiniLmSentenceEncoder.modelSha256(), minilm.sha256());
  }

  @Test
  void synonymsAreCloserThanUnrelatedText() {
    float[][] v = minilm.encode(List.of("tee", "t-shirt", "wrist watch"));
    assertTrue(dot(v[0], v[1]) > dot(v[0], v[2]) + 0.1, "tee~tshirt " + dot(v[0], v[1]) + " tee~watch " + dot(v[0], v[2]));
    float[][] s = minilm.encode(List.of("sneakers", "casual shoes", "handbag"));
    assertTrue(dot(s[0], s[1]) > dot(s[0], s[2]), "sneakers~shoes " + dot(s[0], s[1]) + " sneakers~handbag " + dot(s[0], s[2]));
  }

  @Test
  void batchedEqualsOneByOne() {
    List<String> texts = List.of("short", "a much longer sentence about a blue denim jacket with pockets");
    float[][] both = minilm.encode(texts);
    for (int i = 0; i < texts.size(); i++) {
      float[] one = minilm.encode(List.of(texts.get(i)))[0];
      assertEquals(1.0, dot(both[i], one), 1e-4, "padding must not change the vector of " + texts.get(i));
    }
  }
}
