package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loupe models quantize} end to end: SqueezeNet from ../shared quantized on real Caltech-20 photos (plus one
 * broken file) into a temporary model directory, listed and used for an index; its refusals and exit codes.
 */
class ModelsQuantizeCliTest {
  @TempDir Path models;
  @TempDir Path work;

  private String[] args(String... extra) {
    List<String> all = new java.util.ArrayList<>(List.of("models", "quantize"));
    all.addAll(List.of(extra));
    all.addAll(List.of("--models", models.toString(), "--models", SharedData.models().toString()));
    return all.toArray(String[]::new);
  }

  /** Ten lotus photos and a broken "photo". */
  private Path photos() throws Exception {
    Path dir = Files.createDirectories(work.resolve("photos"));
    for (Path p : SharedData.filesUnder(SharedData.caltechTrain().resolve("lotus")).subList(0, 10)) {
      Files.copy(p, dir.resolve(p.getFileName()));
    }
    Files.writeString(dir.resolve("image_0000.jpg"), "not a jpeg");
    return dir;
  }

  @Test
  void quantizesListsAndRefusesToOverwriteWithoutForce() throws Exception {
    Path photos = photos();
    CliTest.Run run = CliTest.loupe(args("squeezenet1.1", "--calibrate", photos.toString(), "--images", "4"));
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().startsWith("squeezenet1.1-int8: 37 tensors quantized, 25 conv layers int8 (ONNX Runtime: 25 QLinearConv, 0 Conv in float)"), run.out());
    assertTrue(run.out().contains("cosine float vs int8 on 7 held-out images: mean 0.99"), run.out());
    assertTrue(run.err().contains("skipped " + photos.resolve("image_0000.jpg")), run.err());
    assertTrue(run.err().contains("calibrating: 3/4 images"), run.err()); // the broken file was one of the four
    assertTrue(run.out().contains(", 3 calibration images (minmax), "), run.out());
    assertTrue(Files.isRegularFile(models.resolve("squeezenet1.1-int8.onnx")));

    CliTest.Run list = CliTest.loupe("models", "list", "--models", models.toString(), "--models", SharedData.models().toString());
    assertTrue(list.out().contains("squeezenet1.1-int8\n"), list.out());

    CliTest.Run again = CliTest.loupe(args("squeezenet1.1", "--calibrate", photos.toString(), "--images", "4"));
    assertEquals(1, again.code());
    assertTrue(again.err().startsWith("loupe: error: ") && again.err().contains("pass --force"), again.err());
    assertEquals(1, again.err().lines().count(), again.err());
  }

  @Test
  void exitCodes() throws Exception {
    Path photos = photos();
    assertEquals(2, CliTest.loupe(args("no-such-model", "--calibrate", photos.toString())).code());
    assertEquals(2, CliTest.loupe(args("squeezenet1.1", "--calibrate", photos.toString(), "--images", "0")).code());
    assertEquals(2, CliTest.loupe(args("squeezenet1.1", "--calibrate", photos.toString(), "--calibration", "mean")).code());
    assertEquals(2, CliTest.loupe(args("squeezenet1.1", "--calibrate", photos.toString(), "--name", "a/b")).code());
    assertEquals(2, CliTest.loupe(args("squeezenet1.1")).code(), "--calibrate is required");
    CliTest.Run empty = CliTest.loupe(args("squeezenet1.1", "--calibrate", Files.createDirectory(work.resolve("empty")).toString()));
    assertEquals(1, empty.code());
    assertTrue(empty.err().contains("no images in calibration folder"), empty.err());
    CliTest.Run int8 = CliTest.loupe(args("mobilenetv2-onnxzoo-int8", "--calibrate", photos.toString()));
    assertEquals(1, int8.code());
    assertTrue(int8.err().contains("is already quantized"), int8.err());
    CliTest.Run help = CliTest.loupe("models", "quantize", "--help");
    assertEquals(0, help.code());
    assertTrue(help.out().contains("--calibration=METHOD"), help.out());
  }
}
