package dev.loupe.bench.jmh;

import dev.loupe.core.image.RgbImage;
import dev.loupe.image.ImageDecoder;
import dev.loupe.image.Interpolation;
import dev.loupe.image.Resize;
import dev.loupe.testing.SharedData;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The default model's preprocessing geometry on one real photo (a 640×422 COCO image): shorter side to 256,
 * centre crop 224, with each interpolation. Decoding is done once in setup and not measured.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ResizeBenchmark {
  static final Path PHOTO = Path.of("coco-captions-dev", "images", "000000000790.jpg");

  @Param({"BILINEAR", "BICUBIC"})
  public Interpolation interpolation;

  private RgbImage photo;

  @Setup
  public void load() throws Exception {
    photo = ImageDecoder.decode(SharedData.data(PHOTO.toString())).image();
  }

  @Benchmark
  public RgbImage shorterSide256Crop224() {
    return Resize.resizeShorterSideAndCenterCrop(photo, 256, 224, 224, interpolation);
  }
}
