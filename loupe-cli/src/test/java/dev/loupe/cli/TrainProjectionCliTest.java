package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loupe train-projection} on a real index of caltech20's training photos (the default model, classes from
 * the parent folders): it reports validation mAP with and without, saves the same file for the same seed, and
 * refuses an unknown label column naming the known ones.
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
    CliTest.Run r = train("--label", "folder", "--dim", "32", "--epochs", "3", "--seed", "5");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("trained a projection for mobilenetv2-tf2-ptq (1280 -> 32 dimensions) on 320 items"
        + " in 20 classes (label folder), 3 epochs"), r.out());
    assertTrue(r.out().contains("validation: 80 items (seed 5), mAP "), r.out());
    assertTrue(r.err().contains("epoch 3: loss"), "one line per epoch on stderr: " + r.err());
    Path file = index.resolve(".loupe-projection");
    byte[] first = Files.readAllBytes(file);
    assertEquals(0, train("--label", "folder", "--dim", "32", "--epochs", "3", "--seed", "5").code());
    assertArrayEquals(first, Files.readAllBytes(file), "same seed, same file");
    assertEquals(0, train("--label", "folder", "--dim", "32", "--epochs", "3", "--seed", "6").code());
    assertTrue(!java.util.Arrays.equals(first, Files.readAllBytes(file)), "another seed replaces it");
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
