package dev.loupe.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.core.image.RgbImage;
import dev.loupe.core.query.Vectors;
import dev.loupe.image.DecodeOptions;
import dev.loupe.image.ImageDecoder;
import dev.loupe.testing.ClipFixture;
import dev.loupe.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped specs on the real model files of shared/models, checked against the facts in MODELS.md. */
class OnnxImageEmbedderTest {
  private static final ModelPaths PATHS = new ModelPaths(List.of(SharedData.models()), SharedData.models());
  private static final ModelCatalog CATALOG = ModelCatalog.load(PATHS);
  
  private static OnnxImageEmbedder tf2;
  private static OnnxImageEmbedder zoo;

  @BeforeAll
  static void load() {
    tf2 = CATALOG.open("mobilenetv2-tf2-ptq", 2);
    zoo = CATALOG.open("mobilenetv2-onnxzoo-int8", 2);
  }

  @AfterAll
  static void close() {
    tf2.close();
    zoo.close();
  }

  static RgbImage image(Path file) throws Exception {
    return ImageDecoder.decode(file, DecodeOptions.DEFAULTS).image();
  }

  @Test
  void descriptorsCarryDimensionAndChecksum() {
    assertEquals(1280, tf2.dimension());
    assertEquals(1280, zoo.dimension());
    assertEquals("4f17f8fa663dea18b12a173ebfe08bda8e26a5302034282d35f54f0fecc2fa10",
        tf2.descriptor().fingerprint().get("model.sha256"));
    assertTrue(tf2.descriptor().normalized());
  }

  /** MODELS.md §8: a correct pipeline reaches cosine >= 0.995 with the independent reference vectors. */
  @Test
  void featuresMatchIndependentReference() throws Exception {
    JsonNode ref = new ObjectMapper().readTree(SharedData.models().resolve("reference-features.json").toFile())
        .get("features");
    for (var model : List.of(Map.entry("mobilenetv2-tf2-ptq", tf2), Map.entry("mobilenetv2-onnxzoo-int8", zoo))) {
      JsonNode perImage = ref.get(model.getKey());
      assertTrue(perImage != null && perImage.size() == 3, "reference has 3 images for " + model.getKey());
      for (var it = perImage.fields(); it.hasNext(); ) {
        var e = it.next();
        float[] expected = new float[e.getValue().size()];
        for (int i = 0; i < expected.length; i++) expected[i] = (float) e.getValue().get(i).asDouble();
        float[] actual = model.getValue().embed(image(SharedData.data("caltech20").resolve(e.getKey())));
        float cos = Vectors.cosine(expected, actual);
        assertTrue(cos >= 0.995f, model.getKey() + " " + e.getKey() + ": cosine " + cos + " < 0.995");
      }
    }
  }

  /** MODELS.md §4: the TF2 int8 MobileNetV2 says tabby (ImageNet 281 = output 282) with p = 0.903. */
  @Test
  void tf2ClassifiesKittenAsTabby() throws Exception {
    ModelSpec probs = CATALOG.require("mobilenetv2-tf2-ptq").withOutput(new ModelSpec.Output("probs", "none", 0, false));
    try (OnnxImageEmbedder classifier = OnnxImageEmbedder.load(probs, PATHS.require(probs), 1)) {
      float[] p = classifier.embed(image(SharedData.sample("kitten_224.png")));
      assertEquals(1001, p.length);
      assertEquals(282, argmax(p), "tabby is output 282 (1001 classes, 0 = background)");
      assertEquals(0.90, p[282], 0.03);
      float[] fish = classifier.embed(image(SharedData.sample("fish.png")));
      assertEquals(1, argmax(fish), "tench is output 1");
      assertEquals(0.48, fish[1], 0.06);
    }
  }

  /** MODELS.md §1: SqueezeNet needs BGR 0-255 minus the Caffe mean: tabby 0.902; fp16 original agrees. */
  @Test
  void squeezeNetCaffePreprocessingAndFp16Original() throws Exception {
    RgbImage kitten = image(SharedData.sample("kitten_224.png"));
    ModelSpec.Output softmax = new ModelSpec.Output("softmaxout_1", "none", 0, false);
    ModelSpec fp32 = CATALOG.require("squeezenet1.1").withOutput(softmax);
    ModelSpec fp16 = CATALOG.require("squeezenet1.1-fp16").withOutput(softmax);
    try (OnnxImageEmbedder a = OnnxImageEmbedder.load(fp32, PATHS.require(fp32), 1);
        OnnxImageEmbedder b = OnnxImageEmbedder.load(fp16, PATHS.require(fp16), 1)) {
      float[] pa = a.embed(kitten);
      float[] pb = b.embed(kitten);
      assertEquals(281, argmax(pa));
      assertEquals(0.902, pa[281], 0.03);
      assertEquals(281, argmax(pb));
      assertEquals(pa[281], pb[281], 2e-3, "fp16 original and fp32 copy agree (MODELS.md: max diff 1.3e-4)");
    }
    // The fp16 graph's intermediate fire9/concat_1, average-pooled, is the fp32 file's features_512.
    try (OnnxImageEmbedder fp32Features = CATALOG.open("squeezenet1.1", 1);
        OnnxImageEmbedder fp16Pooled = CATALOG.open("squeezenet1.1-fp16", 1)) {
      assertEquals(512, fp16Pooled.dimension());
      float cos = Vectors.cosine(fp32Features.embed(kitten), fp16Pooled.embed(kitten));
      assertTrue(cos > 0.999f, "fp16 intermediate vs fp32 features cosine " + cos);
    }
  }

  /** MODELS.md §5: exposing the zoo graph's intermediate tensor 627 and average-pooling it gives features_1280. */
  @Test
  void intermediateTensorWithPoolingEqualsFeatureOutput() throws Exception {
    ModelSpec base = CATALOG.require("mobilenetv2-onnxzoo-int8");
    ModelSpec raw = new ModelSpec(base.name(), null, base.file(), base.sha256(), null, null, base.input(),
        base.preprocess(), new ModelSpec.Output("features_1280", "none", 0, false));
    ModelSpec hidden = raw.withOutput(new ModelSpec.Output("627", "avg", 0, false));
    try (OnnxImageEmbedder direct = OnnxImageEmbedder.load(raw, PATHS.require(raw), 1);
        OnnxImageEmbedder pooled = OnnxImageEmbedder.load(hidden, PATHS.require(hidden), 1)) {
      assertTrue(pooled.outputNames().contains("627"), "627 was exposed as a graph output");
      List<RgbImage> images = List.of(image(SharedData.sample("kitten_224.png")), image(SharedData.sample("fish.png")));
      float[][] a = direct.embed(images);
      float[][] b = pooled.embed(images);
      for (int i = 0; i < a.length; i++) assertArrayEquals(a[i], b[i], 1e-4f);
    }
  }

  /**
   * DINOv2's feature is the CLS token of last_hidden_state [N, T, D]; the tiny CLIP-shaped fixture has the same
   * layout ([N, 50, 64]), so 'cls' pooling must give 64-d vectors, item by item the same in a batch as alone.
   */
  @Test
  void clsPoolingTakesTheFirstTokenOfEachItem(@TempDir Path specs) throws Exception {
    ModelSpec base = ModelCatalog.parse(ClipFixture.writeSpecs(specs).resolve(ClipFixture.IMAGE + ".loupe.json"));
    ModelSpec cls = base.withOutput(new ModelSpec.Output("last_hidden_state", "cls", 0, false));
    try (OnnxImageEmbedder e = OnnxImageEmbedder.load(cls, PATHS.require(cls), 1)) {
      assertEquals(64, e.dimension());
      List<RgbImage> images = List.of(image(SharedData.sample("kitten_224.png")), image(SharedData.sample("fish.png")));
      float[][] batch = e.embed(images);
      for (int i = 0; i < images.size(); i++) assertArrayEquals(e.embed(images.get(i)), batch[i], 1e-4f);
      assertTrue(Vectors.cosine(batch[0], batch[1]) < 0.9999f, "two different photos, two different CLS tokens");
    }
  }

  @Test
  void batchOfManyEqualsOneByOne() throws Exception {
    List<Path> files = SharedData.filesUnder(SharedData.caltechTest()).subList(0, 5);
    List<RgbImage> images = new java.util.ArrayList<>();
    for (Path f : files) images.add(image(f));
    float[][] batch = tf2.embed(images);
    for (int i = 0; i < images.size(); i++) assertArrayEquals(tf2.embed(images.get(i)), batch[i], 1e-5f);
  }

  @Test
  void wrongChecksumIsRefusedWithExplanation(@TempDir Path tmp) throws Exception {
    Path copy = tmp.resolve("mobilenetv2-tf2-ptq/tf2_mobilenet_v2_1.0_224_ptq_features.onnx");
    Files.createDirectories(copy.getParent());
    byte[] bytes = Files.readAllBytes(PATHS.require(CATALOG.require("mobilenetv2-tf2-ptq")));
    bytes[bytes.length - 1] ^= 1;
    Files.write(copy, bytes);
    ModelLoadException e = assertThrows(ModelLoadException.class,
        () -> OnnxImageEmbedder.load(CATALOG.require("mobilenetv2-tf2-ptq"), copy, 1));
    assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
  }

  @Test
  void missingModelSaysWhereItLooked(@TempDir Path tmp) {
    ModelPaths empty = ModelPaths.resolve(List.of(tmp), Map.of("XDG_CACHE_HOME", tmp.resolve("cache").toString()));
    ModelLoadException e = assertThrows(ModelLoadException.class,
        () -> empty.require(CATALOG.require("mobilenetv2-tf2-ptq")));
    assertTrue(e.getMessage().contains(tmp.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("--models"), e.getMessage());
  }

  @Test
  void unknownTensorIsAClearError() {
    ModelSpec bad = CATALOG.require("squeezenet1.1").withOutput(new ModelSpec.Output("no_such_tensor", "none", 0, true));
    ModelLoadException e = assertThrows(ModelLoadException.class, () -> OnnxImageEmbedder.load(bad, PATHS.require(bad), 1));
    assertTrue(e.getMessage().contains("no_such_tensor"), e.getMessage());
  }

  static int argmax(float[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
    return best;
  }
}
