package dev.loupe.engine.projection;

import static dev.loupe.engine.learn.FiniteDifferences.assertClose;
import static dev.loupe.engine.learn.FiniteDifferences.numeric;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.engine.learn.Dense;
import dev.loupe.testing.PixelVectors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/**
 * The projection's hand-written gradients (proxy loss, both normalisations, the linear map) against central finite
 * differences, on real photos: twelve caltech20 training images of six classes (box-filtered pixel vectors).
 */
class ProxyLossGradientTest {

  private record Batch(double[][] x, int[] labels, int classes) {}

  private static Batch batch() {
    List<PixelVectors.Sample> all = PixelVectors.train(PixelVectors.RGB_768_UNIT);
    List<PixelVectors.Sample> picked = new ArrayList<>();
    for (int i = 0; i < 12; i++) picked.add(all.get(i / 2 * 20 + i % 2 * 3)); // two of each of six classes
    Map<String, Integer> classes = new LinkedHashMap<>();
    int[] labels = new int[picked.size()];
    for (int i = 0; i < labels.length; i++) labels[i] = classes.computeIfAbsent(picked.get(i).label(), k -> classes.size());
    double[][] x = Dense.toDouble(picked.stream().map(PixelVectors.Sample::vector).toArray(float[][]::new));
    return new Batch(x, labels, classes.size());
  }

  @Test
  void theGradientMatchesFiniteDifferencesForTheMapTheProxiesAndTheTemperature() {
    Batch b = batch();
    assertTrue(b.classes() == 6, "six classes, got " + b.classes());
    int input = b.x()[0].length;
    Random random = new Random(3);
    double[] mean = new double[input];
    for (double[] v : b.x()) Dense.axpy(1.0 / b.x().length, v, mean);
    LinearMap map = LinearMap.initial(input, 5, mean, random);
    double[][] proxies = new double[b.classes()][5];
    for (double[] p : proxies) for (int k = 0; k < p.length; k++) p[k] = random.nextGaussian();
    double[] logScale = {Math.log(8)}; // a softmax neither flat nor one-hot
    DoubleSupplier loss = () -> ProxyLoss.of(map.forward(b.x()).unit(), b.labels(), proxies, logScale[0]).loss();

    LinearMap.Forward f = map.forward(b.x());
    ProxyLoss.Gradient g = ProxyLoss.of(f.unit(), b.labels(), proxies, logScale[0]);
    double[] dWeights = map.backward(f, g.items());
    Random pick = new Random(1);
    for (int n = 0; n < 40; n++) {
      int at = pick.nextInt(map.weights.length);
      assertClose(dWeights[at], numeric(map.weights, at, loss), 1e-5, "weight " + at);
    }
    for (int c = 0; c < proxies.length; c++) {
      for (int k = 0; k < proxies[c].length; k++) {
        assertClose(g.proxies()[c][k], numeric(proxies[c], k, loss), 1e-5, "proxy " + c + "." + k);
      }
    }
    assertClose(g.logScale(), numeric(logScale, 0, loss), 1e-5, "log temperature");
  }
}
