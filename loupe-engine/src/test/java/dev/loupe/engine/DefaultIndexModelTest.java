package dev.loupe.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.embed.EmbedderSettings;
import dev.loupe.onnx.ModelCatalog;
import dev.loupe.onnx.ModelPaths;
import dev.loupe.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model a new index gets without {@code --model}: the int8 default, made once from the float model on real
 * photos (one real quantization, a few seconds) into a cache of the test's own, then reused; the float default
 * when it cannot be had, with the reason.
 */
class DefaultIndexModelTest {
  static final String INT8 = ModelCatalog.DEFAULT_INDEX_MODEL;
  static final String FLOAT = ModelCatalog.DEFAULT_MODEL;

  @TempDir Path tmp;

  private ModelPaths pathsWithCache(Path cache) {
    return new ModelPaths(List.of(SharedData.models(), cache), cache);
  }

  /** 20 lotus and 20 airplanes photos of caltech20 train. */
  private static List<Path> photos(int perClass) {
    List<Path> files = new ArrayList<>();
    for (String cls : List.of("lotus", "airplanes")) {
      files.addAll(SharedData.filesUnder(SharedData.caltechTrain().resolve(cls)).subList(0, perClass));
    }
    return files;
  }

  @Test
  void testsNeverUseTheUsersModelCache() {
    // The parent pom points XDG_CACHE_HOME into target/: a default index made by a test must not land in ~/.cache.
    assertNotNull(System.getenv("XDG_CACHE_HOME"), "surefire must set XDG_CACHE_HOME");
    Path cache = EmbedderSettings.fromEnvironment(List.of(), 1).modelCache();
    assertFalse(cache.startsWith(Path.of(System.getProperty("user.home"), ".cache")), cache.toString());
    assertTrue(cache.toString().contains("target"), cache.toString());
  }

  @Test
  void madeOnceFromTheRunsImagesIntoTheCacheThenReused() throws Exception {
    Path cache = tmp.resolve("cache");
    DefaultIndexModel chooser = new DefaultIndexModel(pathsWithCache(cache));
    DefaultIndexModel.Choice made = chooser.choose(photos(20));
    assertEquals(INT8, made.model(), made.note());
    assertTrue(made.note().startsWith("made the default model " + INT8 + " from " + FLOAT
        + ", calibrated on 32 of these images (cosine float vs int8 0.9"), made.note());
    Path onnx = cache.resolve(INT8 + ".onnx");
    Path spec = cache.resolve(INT8 + ".loupe.json");
    assertTrue(Files.isRegularFile(onnx) && Files.isRegularFile(spec));
    assertTrue(Files.readString(spec).contains("\"calibration\" : \"minmax\""), Files.readString(spec));
    byte[] bytes = Files.readAllBytes(onnx);
    FileTime written = Files.getLastModifiedTime(onnx);

    // Another run, other images, even too few to calibrate on: the cached model is used, nothing is written.
    DefaultIndexModel.Choice reused = chooser.choose(photos(5));
    assertEquals(INT8, reused.model());
    assertNull(reused.note(), "nothing to say when the int8 default is there");
    assertArrayEquals(bytes, Files.readAllBytes(onnx));
    assertEquals(written, Files.getLastModifiedTime(onnx), "the cached model is not rewritten");
  }

  @Test
  void fewerThan16ImagesGiveTheFloatModelWithTheReason() {
    Path cache = tmp.resolve("cache");
    DefaultIndexModel.Choice c = new DefaultIndexModel(pathsWithCache(cache)).choose(photos(7));
    assertEquals(FLOAT, c.model());
    assertEquals("using the float model " + FLOAT + " for this new index: this run has 14 images; the int8 default"
        + " is calibrated on at least 16 of an index's own images", c.note());
    assertFalse(Files.exists(cache.resolve(INT8 + ".onnx")));
  }

  @Test
  void anUnwritableCacheGivesTheFloatModelWithTheReason() throws Exception {
    // Tests run as root here, so a read-only mode would not stop a write: a file where a folder should be does.
    Path blocker = Files.writeString(tmp.resolve("not-a-folder"), "x");
    DefaultIndexModel.Choice c = new DefaultIndexModel(pathsWithCache(blocker.resolve("models"))).choose(photos(20));
    assertEquals(FLOAT, c.model());
    assertTrue(c.note().startsWith("using the float model " + FLOAT + " for this new index: the int8 default " + INT8
        + " could not be made: "), c.note());
    assertTrue(c.note().contains("not-a-folder"), c.note());
    assertFalse(c.note().contains("\n"));
  }

  @Test
  void aSpecWithoutItsFileGivesTheFloatModelAndIsNotReplaced() throws Exception {
    Path cache = Files.createDirectories(tmp.resolve("cache"));
    // A spec like the one the quantizer writes, whose model file was deleted.
    String json = "{\"name\": \"" + INT8 + "\", \"file\": \"" + INT8 + ".onnx\", \"input\": {\"name\": \"input\", "
        + "\"dtype\": \"float32\", \"layout\": \"NCHW\", \"batch\": 0}, \"preprocess\": {\"resize\": \"shorter-side\", "
        + "\"size\": 256, \"crop\": 224, \"interpolation\": \"bilinear\", \"channels\": \"RGB\", \"pixelScale\": 1.0, "
        + "\"mean\": [127, 127, 127], \"std\": [127.5, 127.5, 127.5]}, \"output\": {\"name\": \"features_1280\", "
        + "\"pooling\": \"none\", \"normalize\": true}}";
    Path specFile = Files.writeString(cache.resolve(INT8 + ".loupe.json"), json);
    DefaultIndexModel.Choice c = new DefaultIndexModel(pathsWithCache(cache)).choose(photos(20));
    assertEquals(FLOAT, c.model(), c.note());
    assertTrue(c.note().contains("its spec is there but its file " + INT8 + ".onnx is not"), c.note());
    assertEquals(json, Files.readString(specFile), "a spec is never replaced");
    assertFalse(Files.exists(cache.resolve(INT8 + ".onnx")));
  }

  /**
   * The Java API path, with the module's test cache (target/test-cache, from the parent pom): the first run of this
   * test makes the int8 default there, later runs find it.
   */
  @Test
  void theJavaApiGivesANewIndexTheInt8DefaultAndTheTwoArgumentFormTheFloatOne() throws Exception {
    LoupeConfig config = LoupeConfig.defaults().withModelDirs(List.of(SharedData.models()));
    List<Path> images = photos(20);
    List<String> notes = new ArrayList<>();
    float[] vector;
    try (Loupe a = Loupe.openOrCreate(tmp.resolve("a.idx"), config, images, notes::add)) {
      assertEquals(INT8, a.spec().embedder().name(), notes.toString());
      vector = a.embed(a.decode(images.get(3)));
    }
    assertTrue(notes.isEmpty() || notes.size() == 1 && notes.getFirst().startsWith("made the default model"),
        notes.toString());
    notes.clear();
    try (Loupe b = Loupe.openOrCreate(tmp.resolve("b.idx"), config, images.subList(0, 3), notes::add)) {
      assertEquals(INT8, b.spec().embedder().name());
      assertArrayEquals(vector, b.embed(b.decode(images.get(3))), "the same cached model gives the same vectors");
    }
    assertEquals(List.of(), notes);
    try (Loupe f = Loupe.openOrCreate(tmp.resolve("f.idx"), config)) {
      assertEquals(FLOAT, f.spec().embedder().name(), "no images to calibrate on: the float default");
    }
    try (Loupe named = Loupe.openOrCreate(tmp.resolve("n.idx"), config.withModel(FLOAT), images, notes::add)) {
      assertEquals(FLOAT, named.spec().embedder().name());
    }
    assertEquals(List.of(), notes, "a named model needs no note");
  }

  @Test
  void commonFolderOfTheImages() {
    Path train = SharedData.caltechTrain();
    assertEquals(train, DefaultIndexModel.commonFolder(photos(2)));
    assertEquals(train.resolve("lotus"), DefaultIndexModel.commonFolder(List.of(train.resolve("lotus/a.jpg"),
        train.resolve("lotus/b.jpg"))));
  }
}
