package dev.loupe.eval;

import dev.loupe.core.embed.EmbedderSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `loupe eval`'s engine on the real Caltech-20 split and a near-duplicate task built from it. */
class CaltechEvalTest {
  private static final EmbedderSettings PATHS = new EmbedderSettings(List.of(SharedData.models()), SharedData.models(), 1);

  @Test
  void trainTestSideBySideWithReport(@TempDir Path tmp) throws Exception {
    EvalDataset ds = EvalDatasets.trainTest(SharedData.data("caltech20"));
    assertEquals(400, ds.gallery().size());
    assertEquals(80, ds.queries().size());
    assertEquals(20, ds.queries().get(0).relevant().size());
    List<String> log = new ArrayList<>();
    List<EvalConfig> configs = List.of(EvalConfig.parse("mobilenetv2-tf2-ptq"),
        EvalConfig.parse("mobilenetv2-tf2-ptq/center"), EvalConfig.parse("pixels-16/l1"));
    List<ConfigResult> results = new Evaluator(PATHS, 2, List.of(1, 5, 10), log::add).run(ds, configs);
    ConfigResult plain = results.get(0);
    // Same numbers as the engine's own retrieval test (README): P@1 0.925, mAP 0.801.
    assertEquals(0.925, plain.means().get("acc@1"), 0.02);
    assertEquals(0.801, plain.means().get("mAP"), 0.02);
    assertEquals(plain.means().get("acc@1"), plain.means().get("P@1"), 1e-12, "acc@1 = P@1 for label relevance");
    // Chance with 20 relevant of 400: P@k ~ 0.05; mAP of a random ranking ~ 0.05 plus small-sample bias.
    assertEquals(0.05, plain.chance().get("P@10"), 0.01);
    assertTrue(plain.chance().get("mAP") < 0.09, "chance mAP " + plain.chance().get("mAP"));
    assertTrue(results.get(2).means().get("mAP") < plain.means().get("mAP"), "raw pixels are far weaker");
    assertEquals(20, plain.perClass().size());
    assertEquals(1.0, plain.precisionAtRecall()[0], 0.05, "interpolated precision at recall 0 is near 1");
    assertTrue(log.stream().anyMatch(l -> l.startsWith("embedding 480 images")), log.toString());

    EvalReport report = new EvalReport(ds, results, List.of(1, 5, 10));
    assertTrue(report.table().contains("mobilenetv2-tf2-ptq/center"));
    assertTrue(report.csv().lines().anyMatch(l -> l.startsWith("pixels-16/l1,all,mAP,")));
    report.writeMarkdown(tmp.resolve("out"), "loupe eval ../shared/data/caltech20");
    for (String f : List.of("report.md", "pr.png", "map.png", "best.png")) {
      assertTrue(Files.size(tmp.resolve("out").resolve(f)) > 1000, f);
    }
  }

  @Test
  void nearDuplicatesOfRealPhotos(@TempDir Path tmp) throws Exception {
    EvalDataset ds = EvalDatasets.nearDuplicates(EvalDatasets.images(SharedData.caltechTrain()), 30, 42, tmp);
    assertEquals(30, ds.queries().size());
    assertEquals(1, ds.queries().get(0).relevant().size());
    List<ConfigResult> results = new Evaluator(PATHS, 2, List.of(1, 10), s -> { })
        .run(ds, List.of(EvalConfig.parse("mobilenetv2-tf2-ptq"), EvalConfig.parse("pixels-16/l2")));
    System.out.printf("near-duplicates: tf2 mAP %.3f, pixels mAP %.3f%n", results.get(0).means().get("mAP"),
        results.get(1).means().get("mAP"));
    assertTrue(results.get(0).means().get("mAP") > 0.6, "the source is usually found first");
    assertTrue(results.get(0).chance().get("mAP") < 0.05, "one relevant of 400 by chance");
  }

  @Test
  void configurationsParse() {
    EvalConfig c = EvalConfig.parse("mobilenetv2-tf2-ptq+squeezenet1.1/l2/center/augment=2/tta=1/crops=5/qe=3");
    assertEquals("mobilenetv2-tf2-ptq+squeezenet1.1", c.embedder());
    assertEquals(dev.loupe.core.query.Metric.L2, c.metric());
    assertTrue(c.levers().center());
    assertEquals(2, c.levers().augmentViews());
    assertEquals(1, c.query().tta());
    assertEquals(5, c.query().crops());
    assertEquals(3, c.query().qeTop());
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> EvalConfig.parse("pixels/hamming"));
    assertTrue(e.getMessage().contains("hamming"));
  }
}
