package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loupe train-projection} on a real index of caltech20's training photos (the float default model, classes
 * from the parent folders): it reports validation mAP with and without, saves the same file for the same seed,
 * refuses an unknown label column naming the known ones, and the saved projection changes what searches answer:
 * caltech20's test photos (never trained on) find more of their own class, and {@code --remove} gives back the
 * model's own ranking.
 */
class TrainProjectionCliTest {
  @TempDir static Path tmp;
  static Path index;
  static final String MODELS = SharedData.models().toString();

  @BeforeAll
  static void buildIndex() {
    index = tmp.resolve("idx");
    CliTest.Run r = CliTest.loupe("index", SharedData.caltechTrain().toString(), "--index", index.toString(),
        "--model", "mobilenetv2-tf2-ptq", "--models", MODELS);
    assertEquals(0, r.code(), r.err());
  }

  private static CliTest.Run train(String... extra) {
    String[] base = {"train-projection", "--index", index.toString(), "--models", MODELS};
    String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return CliTest.loupe(args);
  }

  @Test
  void trainsOnTheFolderClassesAndSavesTheSameFileForTheSameSeed() throws Exception {
   synchronized (TrainProjectionCliTest.class) {
    CliTest.Run r = train("--label", "folder", "--dim", "32", "--epochs", "20", "--seed", "5");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("trained a projection for mobilenetv2-tf2-ptq (1280 -> 32 dimensions) on 320 items"
        + " in 20 classes (label folder), 20 epochs"), r.out());
    assertTrue(r.out().contains("validation: 80 items (seed 5), mAP "), r.out());
    assertTrue(r.err().contains("epoch 20: loss"), "one line per epoch on stderr: " + r.err());
    Path file = index.resolve(".loupe-projection");
    byte[] first = Files.readAllBytes(file);
    assertEquals(0, train("--label", "folder", "--dim", "32", "--epochs", "20", "--seed", "5").code());
    assertArrayEquals(first, Files.readAllBytes(file), "same seed, same file");
    assertEquals(0, train("--label", "folder", "--dim", "32", "--epochs", "20", "--seed", "6").code());
    assertTrue(!java.util.Arrays.equals(first, Files.readAllBytes(file)), "another seed replaces it");
   }
  }

  /** Mean precision at 10 of one test photo per class, the class being the parent folder of query and hit. */
  private static double precisionAt10() throws Exception {
    List<String> queries = new ArrayList<>(List.of("search", "--index", index.toString(), "--models", MODELS, "-k",
        "10", "-f", "jsonl"));
    try (var classes = Files.list(SharedData.caltechTest())) {
      for (Path c : classes.sorted().toList()) {
        try (var photos = Files.list(c)) {
          queries.add(photos.sorted().findFirst().orElseThrow().toString());
        }
      }
    }
    CliTest.Run r = CliTest.loupe(queries.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    ObjectMapper json = new ObjectMapper();
    double sum = 0;
    int n = 0;
    for (String line : r.out().split("\n")) {
      JsonNode result = json.readTree(line);
      String cls = Path.of(result.get("query").asText()).getParent().getFileName().toString();
      for (JsonNode hit : result.get("hits")) {
        if (Path.of(hit.get("path").asText()).getParent().getFileName().toString().equals(cls)) sum += 0.1;
      }
      n++;
    }
    assertEquals(20, n);
    return sum / n;
  }

  @Test
  void searchesRankThroughTheSavedProjectionUntilItIsRemoved() throws Exception {
    synchronized (TrainProjectionCliTest.class) {
      assertEquals(0, train("--remove").code());
      double without = precisionAt10();
      CliTest.Run trained = train("--label", "folder", "--epochs", "40");
      assertEquals(0, trained.code(), trained.err());
      assertTrue(trained.out().contains("plain image searches of this index now re-rank their top 100 candidates"),
          trained.out());
      CliTest.Run info = CliTest.loupe("info", "--index", index.toString());
      assertTrue(info.out().contains("projection       {applied=yes, dimensions=1280 -> 256, label=folder, classes=20"),
          info.out());
      double with = precisionAt10();
      assertTrue(with > without + 0.03, "P@10 " + without + " -> " + with);
      CliTest.Run removed = train("--remove");
      assertEquals("removed the projection of " + index + "\n", removed.out().replace("\r", ""));
      assertEquals(without, precisionAt10(), 1e-9, "the model's own ranking again");
      assertEquals("the index has no projection\n", train("--remove").out().replace("\r", ""));
    }
  }

  @Test
  void anUnknownColumnIsOneLineNamingTheChoices() {
    CliTest.Run r = train("--label", "species");
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().startsWith("loupe: error: column species is not in this index's metadata (its columns: none;"
        + " or use folder for the parent folder's name)"), r.err());
    CliTest.Run bad = train("--label", "folder", "--validation", "0.9");
    assertEquals(2, bad.code(), bad.err());
    assertTrue(bad.err().contains("validation must be a fraction between 0.05 and 0.5"), bad.err());
  }
}
