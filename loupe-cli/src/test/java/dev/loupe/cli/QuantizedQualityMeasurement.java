package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loupe.testing.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retrieval quality of the float default model against its int8 copies (calibrated on 32 Caltech-20 training
 * photos, and on 32 fashion-dev photos), on the three tasks of docs/quality.md, through {@code loupe eval}. Not part
 * of the test run (a few minutes); reproduce with
 * {@code -Dloupe.measure=true -Dtest=QuantizedQualityMeasurement -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "loupe.measure", matches = "true")
class QuantizedQualityMeasurement {
  @TempDir Path models;

  @Test
  void floatAgainstInt8() {
    String shared = SharedData.models().toString();
    for (String[] q : List.of(new String[] {"caltech", SharedData.caltechTrain().toString()},
        new String[] {"fashion", SharedData.data("fashion-dev/images").toString()})) {
      CliTest.Run run = CliTest.loupe("models", "quantize", "mobilenetv2-tf2-ptq", "--calibrate", q[1],
          "--name", "mobilenetv2-tf2-ptq-int8-" + q[0], "--models", models.toString(), "--models", shared);
      assertEquals(0, run.code(), run.err());
      System.out.print(run.out());
    }
    List<List<String>> tasks = List.of(
        List.of(SharedData.data("caltech20").toString()),
        List.of(SharedData.data("fashion-dev/products.csv").toString(), "--label", "articleType"),
        List.of(SharedData.data("caltech20").toString(), "--near-duplicates", "300", "--seed", "42"));
    for (List<String> task : tasks) {
      List<String> args = new ArrayList<>(List.of("eval"));
      args.addAll(task);
      args.addAll(List.of("-c", "mobilenetv2-tf2-ptq", "-c", "mobilenetv2-tf2-ptq-int8-caltech",
          "-c", "mobilenetv2-tf2-ptq-int8-fashion", "--models", models.toString(), "--models", shared));
      CliTest.Run run = CliTest.loupe(args.toArray(String[]::new));
      assertEquals(0, run.code(), run.err());
      System.out.println("== loupe " + String.join(" ", args));
      System.out.print(run.out());
    }
  }
}
