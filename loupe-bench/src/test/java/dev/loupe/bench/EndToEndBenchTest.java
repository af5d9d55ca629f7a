package dev.loupe.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.engine.catalog.SourceScanner;
import dev.loupe.testing.SharedData;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/bench e2e} shrunk: real {@code loupe index} child processes on real photos with both decoders and
 * a float and an int8 model. The numbers mean nothing on a busy machine; that every row is measured, and what the
 * generated photos are, does.
 */
class EndToEndBenchTest {

  @Test
  void largePhotosArePhoneSizedGrainyJpegsMadeOnceWithAFixedSeed(@TempDir Path dir) throws Exception {
    List<Path> sources = SourceScanner.imagesUnder(SharedData.root().resolve("data/caltech20/test"));
    List<Path> first = LargePhotos.generate(sources, 2, 7, dir.resolve("a"));
    List<Path> again = LargePhotos.generate(sources, 2, 7, dir.resolve("b"));
    assertEquals(2, first.size());
    for (int i = 0; i < 2; i++) {
      assertArrayEquals(Files.readAllBytes(first.get(i)), Files.readAllBytes(again.get(i)), "same seed, same bytes");
      BufferedImage image = ImageIO.read(first.get(i).toFile());
      assertEquals(4032, image.getWidth());
      assertEquals(3024, image.getHeight());
      // A 12 MP phone JPEG at quality 92 is megabytes; a smooth upscale without grain would be a few hundred KB.
      assertTrue(Files.size(first.get(i)) > 1_500_000, "size " + Files.size(first.get(i)));
    }
    long modified = Files.getLastModifiedTime(first.get(0)).toMillis();
    Thread.sleep(20);
    LargePhotos.generate(sources, 2, 7, dir.resolve("a"));
    assertEquals(modified, Files.getLastModifiedTime(first.get(0)).toMillis(), "an existing photo is reused");
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void everySetupIndexesBothPhotoSetsThroughTheCommand(@TempDir Path out) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    picocli.CommandLine cl = Bench.commandLine();
    cl.setOut(new PrintWriter(o));
    cl.setErr(new PrintWriter(e));
    int exit = cl.execute("--shared", SharedData.root().toString(), "e2e", "--small",
        SharedData.root().resolve("data/caltech20/test").toString(), "--large", "2", "--rounds", "1",
        "--out", out.toString()); // the int8 model is made by `loupe models quantize`, calibrated on --small
    assertEquals(0, exit, o + "\n" + e);
    String table = o.toString();
    for (String set : new String[] {"caltech20/test (small)", "2 × 12 MP JPEG"}) {
      for (String setup : new String[] {"ImageIO + float", "libvips + float", "libvips + int8"}) {
        Matcher m = Pattern.compile("^\\| " + Pattern.quote(set) + "[^|]*\\| " + Pattern.quote(setup)
            + " +\\| +([0-9.]+) \\|", Pattern.MULTILINE).matcher(table);
        assertTrue(m.find(), set + " / " + setup + " in\n" + table);
        assertTrue(Double.parseDouble(m.group(1)) > 0, table);
      }
    }
    for (String model : new String[] {"mobilenetv2-tf2-ptq", "mobilenetv2-tf2-ptq-int8"}) {
      Matcher m = Pattern.compile("^\\| " + Pattern.quote(model) + " +\\| +([0-9.]+) \\| +([0-9.]+) \\|", Pattern.MULTILINE)
          .matcher(table);
      assertTrue(m.find(), "inference at 1 and all threads for " + model + " in\n" + table);
    }
  }
}
