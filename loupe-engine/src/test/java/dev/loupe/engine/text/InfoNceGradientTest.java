package dev.loupe.engine.text;

import static dev.loupe.engine.learn.FiniteDifferences.assertClose;
import static dev.loupe.engine.learn.FiniteDifferences.numeric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.engine.learn.Dense;
import dev.loupe.testing.PixelVectors;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/**
 * The contrastive tower's hand-written gradient against central finite differences of its loss, on a real batch:
 * eight fashion-dev titles (TF-IDF rows) and their photos (box-filtered pixel vectors, unit length).
 */
class InfoNceGradientTest {

  private record Batch(List<WordFeatures.Row> rows, double[][] images, int features) {}

  private static Batch batch() {
    List<PixelVectors.Sample> photos = PixelVectors.fashionQueries(PixelVectors.RGB_768_UNIT).subList(0, 8);
    List<String> titles = photos.stream().map(p -> p.item().metadata().get("productDisplayName")).toList();
    WordFeatures words = WordFeatures.fit(titles);
    var positions = words.positions();
    List<WordFeatures.Row> rows = titles.stream().map(t -> words.row(t, positions)).toList();
    double[][] images = Dense.toDouble(photos.stream().map(PixelVectors.Sample::vector).toArray(float[][]::new));
    return new Batch(rows, images, words.vocabulary().size());
  }

  private static double loss(PooledProjection m, Batch b) {
    return InfoNce.of(m.forward(b.rows()).unit(), b.images(), m.logScale[0]).loss();
  }

  @Test
  void theGradientMatchesFiniteDifferencesForEveryParameterKind() {
    Batch b = batch();
    PooledProjection m = PooledProjection.initial(b.features(), 6, b.images()[0].length, new Random(7));
    m.logScale[0] = Math.log(20); // a temperature where the softmax is neither flat nor one-hot
    PooledProjection.Forward f = m.forward(b.rows());
    InfoNce.Gradient g = InfoNce.of(f.unit(), b.images(), m.logScale[0]);
    PooledProjection.Gradients grads = m.backward(b.rows(), f, g.texts());
    DoubleSupplier loss = () -> loss(m, b);

    Random pick = new Random(1);
    int checked = 0;
    for (WordFeatures.Row row : b.rows()) { // embeddings of words the batch uses (the others get no gradient)
      int at = row.index()[pick.nextInt(row.index().length)] * m.hidden + pick.nextInt(m.hidden);
      assertClose(grads.embeddings()[at], numeric(m.embeddings, at, loss), 1e-4, "embedding " + at);
      checked++;
    }
    for (int n = 0; n < 16; n++) {
      int at = pick.nextInt(m.projection.length);
      assertClose(grads.projection()[at], numeric(m.projection, at, loss), 1e-4, "projection " + at);
      checked++;
    }
    assertClose(g.logScale(), numeric(m.logScale, 0, loss), 1e-4, "log temperature");
    assertEquals(8 + 16, checked);
  }

  @Test
  void aWordNoTextUsesGetsNoGradient() {
    Batch b = batch();
    PooledProjection m = PooledProjection.initial(b.features() + 1, 6, b.images()[0].length, new Random(7));
    PooledProjection.Forward f = m.forward(b.rows());
    PooledProjection.Gradients grads = m.backward(b.rows(), f, InfoNce.of(f.unit(), b.images(), m.logScale[0]).texts());
    for (int k = 0; k < m.hidden; k++) assertEquals(0.0, grads.embeddings()[b.features() * m.hidden + k]);
  }

  @Test
  void theFittedTemperatureMinimisesTheLossOnItsGrid() {
    Batch b = batch();
    // Texts that half agree with their image (each is its photo plus the next one): the best temperature is inside.
    int n = b.images().length;
    double[][] texts = new double[n][];
    for (int i = 0; i < n; i++) {
      double[] t = b.images()[i].clone();
      Dense.axpy(1, b.images()[(i + 1) % n], t);
      double norm = Dense.norm(t);
      for (int c = 0; c < t.length; c++) t[c] /= norm;
      texts[i] = t;
    }
    double scale = InfoNce.fitScale(texts, b.images());
    assertTrue(scale > 1 && scale < 100, "an interior optimum, got " + scale);
    double[][] cosines = InfoNce.cosines(texts, b.images());
    double best = InfoNce.loss(cosines, scale, null);
    for (double other : new double[] {1, 100, scale * 1.2, scale / 1.2}) {
      assertTrue(best <= InfoNce.loss(cosines, other, null), "scale " + other + " beats " + scale);
    }
  }
}
