package dev.loupe.onnx.quantize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.onnx.ModelCatalog;
import dev.loupe.onnx.ModelSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The small computations of the quantizer, with hand-derived expected values. */
class QuantizationArithmeticTest {

  private static ModelSpec.Preprocess preprocess(String model) {
    return ModelCatalog.builtIn().stream().filter(s -> s.name().equals(model)).findFirst().orElseThrow().preprocess();
  }

  @Test
  void theTf2InputIsQuantizedLosslessly() {
    // value = (p - 127) / 127.5 for every channel: q = p with scale 1/127.5 and zero point 127.
    QuantParams p = InputQuantization.of(preprocess("mobilenetv2-tf2-ptq"));
    assertEquals(1 / 127.5f, p.scale());
    assertEquals(127, p.zeroPoint());
  }

  @Test
  void perChannelMeansGetTheUnionOfTheChannelRanges() {
    // SqueezeNet: value = p - mean, means 104/117/123 (BGR): union [-123, 255 - 104 = 151], step 274/255,
    // zero point round(123 / (274/255)) = round(114.47) = 114.
    QuantParams p = InputQuantization.of(preprocess("squeezenet1.1"));
    assertEquals(274 / 255.0, p.scale(), 1e-6);
    assertEquals(114, p.zeroPoint());
  }

  @Test
  void rangesIncludeZeroExactly() {
    assertEquals(new QuantParams(6f / 255, 0), QuantParams.ofRange(0, 6)); // ReLU6: QUANTIZE.md's hi/255, zp 0
    assertEquals(new QuantParams(2f / 255, 0), QuantParams.ofRange(0.5, 2)); // widened down to 0
    // [-1, 3]: step 4/255, zero point round(1 / (4/255)) = round(63.75) = 64.
    assertEquals(new QuantParams(4f / 255, 64), QuantParams.ofRange(-1, 3));
    assertEquals(new QuantParams(1f / 255, 0), QuantParams.ofRange(0, 0), "an all-zero tensor still gets a valid step");
  }

  @Test
  void percentilesComeFromTheGrowingHistogram() {
    // 10,000 values 1..10000, added in two batches so that the range has to grow: the 99.99th percentile of |x| is
    // the 9,999th value, 9999, to within one bin (10000 / 1024 at most).
    AbsHistogram h = new AbsHistogram();
    h.add(floats(1, 100));
    h.add(floats(101, 10_000));
    assertEquals(9999, h.percentile(0.9999), 10_000 / 1024.0);
    assertEquals(5000, h.percentile(0.5), 10_000 / 1024.0);
  }

  @Test
  void evenlySpacedPicksFromTheWholeList() {
    List<Path> ten = IntStream.range(0, 10).mapToObj(i -> Path.of("img" + i)).toList();
    // floor(i * 10 / 4) for i = 0..3: 0, 2, 5, 7.
    assertEquals(List.of(Path.of("img0"), Path.of("img2"), Path.of("img5"), Path.of("img7")),
        CalibrationImages.evenlySpaced(ten, 4));
    assertEquals(ten, CalibrationImages.evenlySpaced(ten, 20));
  }

  @Test
  void broadcastingMultipliesPerChannelScales() {
    // A [2, 1, 2] weight times a [2, 1, 1] scale: each output channel by its own scale.
    ConstantArithmetic.Values w = new ConstantArithmetic.Values(List.of(2L, 1L, 2L), new double[] {1, 2, 3, 4});
    ConstantArithmetic.Values s = new ConstantArithmetic.Values(List.of(2L, 1L, 1L), new double[] {10, 100});
    ConstantArithmetic.Values r = ConstantArithmetic.apply(w, s, (a, b) -> a * b);
    assertEquals(List.of(2L, 1L, 2L), r.dims());
    assertEquals(List.of(10.0, 20.0, 300.0, 400.0), java.util.Arrays.stream(r.data()).boxed().toList());
  }

  private static float[] floats(int from, int to) {
    float[] f = new float[to - from + 1];
    for (int i = 0; i < f.length; i++) f[i] = from + i;
    return f;
  }

  @Test
  void rawDataShorterThanTheDimsSayIsAFormatErrorNamingTheTensor() {
    // 4 int32 values need 16 bytes; a damaged model gives 12 (the dims say 4, the data holds 3).
    TensorData shortData = TensorData.int32s("conv1/w", List.of(4L), new int[] {1, 2, 3});
    OnnxFormatException e = assertThrows(OnnxFormatException.class, shortData::values);
    assertTrue(e.getMessage().contains("conv1/w") && e.getMessage().contains("12 bytes"), e.getMessage());
  }
}
