package dev.loupe.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.loupe.core.embed.EmbedderSettings;
import dev.loupe.engine.catalog.CsvCatalog;
import dev.loupe.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `loupe eval --format csv` on a real catalogue whose labels hold a comma, a quote and a line break. */
class EvalReportCsvTest {
  private static final EmbedderSettings PATHS = new EmbedderSettings(List.of(SharedData.models()), SharedData.models(), 1);
  private static final String AWKWARD = "kind, \"odd\"\nsecond line";
  // Only a line break: the hand-written quoting this replaces quoted on comma or quote alone, and broke the row.
  private static final String TWO_LINES = "first line\r\nsecond line";

  @Test
  void labelsWithCommaQuoteAndNewlineSurviveARoundTrip(@TempDir Path tmp) throws Exception {
    Path train = SharedData.data("caltech20").resolve("train");
    List<List<String>> rows = new ArrayList<>();
    for (String cls : List.of("airplanes", "bonsai", "Motorbikes")) {
      try (var files = Files.list(train.resolve(cls))) {
        String label = cls.equals("bonsai") ? AWKWARD : cls.equals("Motorbikes") ? TWO_LINES : cls;
        for (Path f : files.sorted().limit(3).toList()) {
          // Inside the catalogue's folder: a catalogue may not point outside it without --allow-outside.
          Path copy = Files.copy(f, tmp.resolve(cls + "-" + f.getFileName()));
          rows.add(List.of(f.getFileName() + "-" + cls, copy.getFileName().toString(), label));
        }
      }
    }
    Path catalogue = tmp.resolve("catalogue.csv");
    new CsvMapper().writer(CsvSchema.builder().addColumn("id").addColumn("image").addColumn("label").build()
        .withHeader()).writeValue(catalogue.toFile(), rows);
    EvalDataset ds = EvalDatasets.csv(catalogue, new CsvCatalog("id", "image"), List.of("label"));
    List<ConfigResult> results =
        new Evaluator(PATHS, 1, List.of(1, 2), line -> {}).run(ds, List.of(EvalConfig.parse("pixels-16/l1")));

    String csv = new EvalReport(ds, results, List.of(1, 2)).csv();

    List<Map<String, String>> read = new ArrayList<>();
    try (MappingIterator<Map<String, String>> it = new CsvMapper().readerForMapOf(String.class)
        .with(CsvSchema.emptySchema().withHeader()).readValues(csv)) {
      it.forEachRemaining(read::add);
    }
    assertTrue(read.stream().allMatch(r -> r.size() == 5), "every row has the five columns");
    assertTrue(read.stream().anyMatch(r -> r.get("scope").equals("class:" + AWKWARD)), csv);
    assertTrue(read.stream().anyMatch(r -> r.get("scope").equals("class:" + TWO_LINES)), csv);
    assertTrue(read.stream().anyMatch(r -> r.get("scope").equals("class:airplanes")), csv);
    Map<String, String> map = read.stream()
        .filter(r -> r.get("scope").equals("all") && r.get("metric").equals("mAP")).findFirst().orElseThrow();
    assertEquals("pixels-16/l1", map.get("configuration"));
    double value = Double.parseDouble(map.get("value"));
    assertTrue(value > 0 && value <= 1, "mAP " + value);
    assertTrue(csv.startsWith("configuration,scope,metric,value,chance\n"), csv);
  }
}
