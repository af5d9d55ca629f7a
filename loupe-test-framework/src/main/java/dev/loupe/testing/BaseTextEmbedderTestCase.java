package dev.loupe.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.embed.EmbedderDescriptor;
import dev.loupe.core.embed.TextEmbedder;
import dev.loupe.core.query.Vectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link TextEmbedder} contract, for every implementation (like {@link BaseEmbedderTestCase} for images): a
 * test class extends this, gives {@link #newTextEmbedder}, and adds only its own cases. Inputs are real human
 * captions of the COCO dev set in {@code ../shared/data/coco-captions-dev}.
 */
public abstract class BaseTextEmbedderTestCase {
  /** How many captions the suite reads (the first rows of captions.csv, in file order). */
  private static final int CAPTIONS = 12;

  private TextEmbedder embedder;

  /** A new text embedder under test; the suite closes it. */
  protected abstract TextEmbedder newTextEmbedder() throws Exception;

  /** The largest batch the embedder sends to its backend in one call; the suite embeds more than this at once. */
  protected abstract int internalMaxBatch();

  /** How far two runs of the same text may differ, per component (kernels differ by batch size). */
  protected float tolerance() {
    return 0f;
  }

  @BeforeEach
  void open() throws Exception {
    embedder = newTextEmbedder();
  }

  @AfterEach
  void close() {
    if (embedder != null) embedder.close();
  }

  protected TextEmbedder textEmbedder() {
    return embedder;
  }

  /** Real captions: the caption column of the first rows of the COCO dev captions (commas quoted in CSV). */
  protected static List<String> captions() {
    try {
      List<String> lines = Files.readAllLines(SharedData.data("coco-captions-dev/captions.csv"), StandardCharsets.UTF_8);
      List<String> out = new ArrayList<>();
      for (String line : lines.subList(1, lines.size())) {
        // image,image_id,caption: the caption is everything after the second comma, maybe quoted.
        String caption = line.split(",", 3)[2].strip();
        if (caption.startsWith("\"") && caption.endsWith("\"")) caption = caption.substring(1, caption.length() - 1).replace("\"\"", "\"");
        out.add(caption);
        if (out.size() == CAPTIONS) break;
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  public void vectorsHaveTheDescribedDimensionAndUnitLength() {
    EmbedderDescriptor d = embedder.descriptor();
    assertEquals(d.dimension(), embedder.dimension());
    assertTrue(d.normalized(), "text vectors are unit length, like the image vectors they are compared with");
    assertFalse(embedder.imageEmbedder().isBlank(), "a text tower names the image embedder whose space it shares");
    float[][] vectors = embedder.embedTexts(captions());
    assertEquals(CAPTIONS, vectors.length, "one vector per text");
    for (float[] v : vectors) {
      assertEquals(d.dimension(), v.length, "vector length");
      for (float x : v) assertTrue(Float.isFinite(x), "non-finite component " + x);
      assertEquals(1.0, Vectors.norm(v), 1e-4, "unit length");
    }
  }

  @Test
  public void differentTextsGiveDifferentVectors() {
    float[][] v = embedder.embedTexts(List.of("a dog on a beach", "a red car parked in the street"));
    assertTrue(maxDifference(v[0], v[1]) > 1e-4, "two unrelated captions must not embed alike");
  }

  @Test
  public void embeddingIsDeterministic() {
    List<String> texts = captions();
    float[][] first = embedder.embedTexts(texts);
    float[][] second = embedder.embedTexts(texts);
    for (int i = 0; i < first.length; i++) {
      assertEquals(0f, maxDifference(first[i], second[i]), "the same batch twice gives the same vectors");
    }
  }

  @Test
  public void aBatchLargerThanTheInternalMaximumKeepsOrderAndValues() {
    List<String> one = captions();
    List<String> many = new ArrayList<>();
    while (many.size() <= internalMaxBatch() + 3) many.addAll(one);
    float[][] batched = embedder.embedTexts(many);
    assertEquals(many.size(), batched.length, "one vector per text");
    for (int i = 0; i < many.size(); i++) {
      float[] alone = embedder.embedText(many.get(i));
      assertTrue(maxDifference(alone, batched[i]) <= tolerance(),
          "text " + i + " of " + many.size() + " embeds as it does alone (diff " + maxDifference(alone, batched[i]) + ")");
    }
  }

  @Test
  public void concurrentCallsGiveTheSameVectorsAsOneThread() throws Exception {
    List<String> texts = captions();
    float[][] reference = embedder.embedTexts(texts);
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<float[][]>> results = new ArrayList<>();
      for (int t = 0; t < threads * 3; t++) results.add(pool.submit(() -> embedder.embedTexts(texts)));
      for (Future<float[][]> r : results) {
        float[][] got = r.get();
        for (int i = 0; i < reference.length; i++) {
          assertTrue(maxDifference(reference[i], got[i]) <= tolerance(), "concurrent call, text " + i);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  public void theEmptyTextEmbedsToAUnitVector() {
    // The empty string is a text (start and end tokens only): callers that refuse it do so themselves.
    float[] empty = embedder.embedText("");
    assertEquals(embedder.dimension(), empty.length);
    assertEquals(1.0, Vectors.norm(empty), 1e-4, "unit length");
    assertFalse(embedder.truncates(""));
    assertTrue(maxDifference(empty, embedder.embedText("a photo of a cat")) > 1e-4, "the empty text is not any text");
  }

  @Test
  public void aLongTextIsTruncatedNotRefused() {
    String caption = captions().get(0);
    String longText = (caption + " ").repeat(200); // thousands of tokens, far beyond any text context
    assertTrue(embedder.truncates(longText), "a text of 200 captions is longer than the context");
    assertFalse(embedder.truncates(caption), "one caption fits");
    float[] v = embedder.embedText(longText);
    assertEquals(1.0, Vectors.norm(v), 1e-4, "a truncated text still embeds to a unit vector");
    // Only the beginning counts: the same text cut at another later point embeds alike.
    float[] w = embedder.embedText((caption + " ").repeat(150));
    assertTrue(maxDifference(v, w) <= Math.max(tolerance(), 1e-5f), "beyond the context, more text changes nothing");
  }

  /** The largest absolute difference between two vectors of one length. */
  protected static float maxDifference(float[] a, float[] b) {
    assertEquals(a.length, b.length, "vector lengths");
    float max = 0;
    for (int i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
    return max;
  }
}
