package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.loupe.testing.SharedData;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code loupe eval --near-duplicates N --dedup} on a small real folder: the sweep, the report and the refusals. */
class DedupEvalCliTest {
  @Test
  void theSweepIsReportedForEveryThresholdAndEveryConfiguration(@TempDir Path tmp) throws Exception {
    Path photos = Files.createDirectories(tmp.resolve("photos/lotus"));
    for (Path f : SharedData.filesUnder(SharedData.caltechTrain().resolve("lotus")).subList(0, 8)) {
      Files.copy(f, photos.resolve(f.getFileName()));
    }
    Path out = tmp.resolve("report");
    CliTest.Run run = CliTest.loupe("eval", tmp.resolve("photos").toString(), "--near-duplicates", "3", "--dedup",
        "-c", "mobilenetv2-tf2-ptq", "-c", "mobilenetv2-tf2-ptq/center", "--threads", "1", "--out", out.toString(),
        "--models", SharedData.models().toString());
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("| mobilenetv2-tf2-ptq/center "), run.out());
    assertTrue(run.err().contains("8 originals + 3 copies"), run.err());
    List<Map<String, String>> rows = new ArrayList<>();
    try (MappingIterator<Map<String, String>> it = new CsvMapper().readerForMapOf(String.class)
        .with(CsvSchema.emptySchema().withHeader()).readValues(out.resolve("results.csv").toFile())) {
      it.forEachRemaining(rows::add);
    }
    assertEquals(2 * 95, rows.size(), "two configurations, thresholds 0.05..0.99");
    // 8 sources with 3 copies: 3 true pairs, whatever the threshold.
    rows.forEach(r -> assertEquals("3", r.get("truePairs"), r.toString()));
    // At 0.05 every item is linked to its 10 nearest of 11: one group, 55 pairs, all 3 true pairs among them.
    Map<String, String> loosest = rows.getFirst();
    assertEquals(List.of("0.05", "55", "3"), List.of(loosest.get("threshold"), loosest.get("predictedPairs"),
        loosest.get("correctPairs")));
    BufferedImage chart = ImageIO.read(out.resolve("dedup-pr.png").toFile());
    assertEquals(900, chart.getWidth());
    assertTrue(Files.readString(out.resolve("report.md")).contains("--dedup"));
  }

  @Test
  void dedupNeedsTheNearDuplicateTaskAndPlainConfigurations(@TempDir Path tmp) {
    CliTest.Run alone = CliTest.loupe("eval", SharedData.caltechTrain().toString(), "--dedup");
    assertEquals(2, alone.code(), alone.err());
    assertTrue(alone.err().contains("--dedup needs --near-duplicates"), alone.err());
    CliTest.Run lever = CliTest.loupe("eval", SharedData.caltechTrain().resolve("lotus").toString(), "--near-duplicates",
        "2", "--dedup", "-c", "mobilenetv2-tf2-ptq/augment=2");
    assertEquals(2, lever.code(), lever.err());
    assertTrue(lever.err().contains("only a metric and the center lever apply"), lever.err());
    // Levers of the search path would be reported under their name without acting: refused too.
    for (String config : List.of("mobilenetv2-tf2-ptq/project", "mobilenetv2-tf2-ptq/dba=3")) {
      CliTest.Run other = CliTest.loupe("eval", SharedData.caltechTrain().resolve("lotus").toString(),
          "--near-duplicates", "2", "--dedup", "-c", config);
      assertEquals(2, other.code(), config + ": " + other.err());
      assertTrue(other.err().contains("only a metric and the center lever apply"), other.err());
    }
    // The simulated user judges the default search of one model: other levers and configurations are refused.
    for (List<String> configs : List.of(List.of("-c", "mobilenetv2-tf2-ptq/qe=3"),
        List.of("-c", "mobilenetv2-tf2-ptq", "-c", "squeezenet1.1"))) {
      List<String> args = new ArrayList<>(List.of("eval", SharedData.caltechTrain().toString(),
          "--simulated-feedback", "3"));
      args.addAll(configs);
      CliTest.Run feedback = CliTest.loupe(args.toArray(String[]::new));
      assertEquals(2, feedback.code(), configs + ": " + feedback.err());
      assertTrue(feedback.err().contains("--simulated-feedback takes one configuration"), feedback.err());
    }
  }
}
