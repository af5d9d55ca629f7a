package dev.loupe.onnx.spatial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.explain.Attribution;
import dev.loupe.core.explain.ContributionGrid;
import dev.loupe.core.explain.ExplainUnavailableException;
import dev.loupe.core.explain.SpatialEmbedder;
import dev.loupe.core.explain.SpatialFeatures;
import dev.loupe.core.explain.SpatialPooling;
import dev.loupe.core.image.RgbImage;
import dev.loupe.core.query.Vectors;
import dev.loupe.image.DecodeOptions;
import dev.loupe.image.ImageDecoder;
import dev.loupe.onnx.ModelCatalog;
import dev.loupe.onnx.ModelPaths;
import dev.loupe.onnx.ModelSpec;
import dev.loupe.onnx.OnnxImageEmbedder;
import dev.loupe.testing.ClipFixture;
import dev.loupe.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The feature maps of the shipped CNN specs, found in their graphs, pool to exactly the vectors they index. */
class OnnxSpatialEmbedderTest {
  private static final ModelPaths PATHS = new ModelPaths(List.of(SharedData.models()), SharedData.models());
  private static final ModelCatalog CATALOG = ModelCatalog.load(PATHS);

  static RgbImage image(String relative) throws Exception {
    return ImageDecoder.decode(SharedData.data(relative), DecodeOptions.DEFAULTS).image();
  }

  /** MODELS.md: 1280 x 7 x 7 before the MobileNetV2 pools, 512 x 13 x 13 for SqueezeNet's fire9/concat_1. */
  @ParameterizedTest
  @CsvSource({"mobilenetv2-tf2-ptq,1280,7", "mobilenetv2-onnxzoo-int8,1280,7", "squeezenet1.1,512,13",
      "squeezenet1.1-fp16,512,13"})
  void mapPoolsToTheEmbeddersVector(String model, int channels, int side) throws Exception {
    RgbImage img = image("caltech20/train/lotus/image_0001.jpg");
    try (OnnxImageEmbedder embedder = CATALOG.open(model, 2); SpatialEmbedder spatial = embedder.openSpatial()) {
      SpatialFeatures map = spatial.features(img);
      assertEquals(channels, map.channels());
      assertEquals(side, map.height());
      assertEquals(side, map.width());
      assertEquals(SpatialPooling.AVG, map.pooling());
      float[] pooled = Vectors.normalizeInPlace(map.pooled());
      float[] vector = embedder.embed(img);
      // fp16 maps carry ~1e-3 relative error; float maps agree to roundoff.
      double tolerance = model.endsWith("fp16") ? 1e-4 : 1e-6;
      assertEquals(1.0, dot(pooled, vector), tolerance, model);
    }
  }

  /** Attribution's per-cell contributions of real maps add up to the cosine of the real vectors. */
  @Test
  void contributionsSumToTheCosineBothWays() throws Exception {
    RgbImage a = image("caltech20/train/lotus/image_0001.jpg");
    RgbImage b = image("caltech20/train/lotus/image_0002.jpg");
    try (OnnxImageEmbedder embedder = CATALOG.open("mobilenetv2-tf2-ptq", 2); SpatialEmbedder spatial = embedder.openSpatial()) {
      float[] va = embedder.embed(a);
      float[] vb = embedder.embed(b);
      double cos = dot(va, vb);
      ContributionGrid hit = Attribution.explain(spatial.features(b), true, va, null);
      ContributionGrid query = Attribution.explain(spatial.features(a), true, vb, null);
      assertEquals(cos, hit.sum(), 1e-5);
      assertEquals(cos, query.sum(), 1e-5);
      assertEquals(49, hit.values().length);
      // Centred on some mean (here the two vectors' own midpoint shifted): the split stays exact.
      float[] mean = new float[va.length];
      for (int i = 0; i < mean.length; i++) mean[i] = 0.5f * (va[i] + vb[i]) * 0.9f;
      double centred = dot(center(va, mean), center(vb, mean));
      assertEquals(centred, Attribution.explain(spatial.features(b), true, va, mean).sum(), 1e-5);
    }
  }

  /**
   * Max and GeM pooling of the same real map: each location's share (the arg-max's whole value, or its
   * f^p / sum f^p fraction) still adds up to the cosine of the pooled, normalised vectors.
   */
  @ParameterizedTest
  @CsvSource({"MAX,1", "GEM,3"})
  void maxAndGemSharesSumToTheirCosine(SpatialPooling pooling, double p) throws Exception {
    try (OnnxImageEmbedder embedder = CATALOG.open("mobilenetv2-tf2-ptq", 2); SpatialEmbedder spatial = embedder.openSpatial()) {
      SpatialFeatures a = as(spatial.features(image("caltech20/train/lotus/image_0001.jpg")), pooling, p);
      SpatialFeatures b = as(spatial.features(image("caltech20/train/lotus/image_0002.jpg")), pooling, p);
      float[] va = Vectors.normalizeInPlace(a.pooled());
      float[] vb = Vectors.normalizeInPlace(b.pooled());
      assertEquals(dot(va, vb), Attribution.explain(b, true, va, null).sum(), 1e-5);
    }
  }

  private static SpatialFeatures as(SpatialFeatures m, SpatialPooling pooling, double p) {
    return new SpatialFeatures(m.channels(), m.height(), m.width(), m.values(), pooling, p, m.seen());
  }

  @Test
  void aTransformerOrUnknownHeadHasNoMap(@TempDir Path specs) {
    ModelSpec clip = ModelCatalog.parse(ClipFixture.writeSpecs(specs).resolve(ClipFixture.IMAGE + ".loupe.json"));
    try (OnnxImageEmbedder embedder = OnnxImageEmbedder.load(clip, SharedData.models().resolve(clip.file()), 1)) {
      ExplainUnavailableException e = assertThrows(ExplainUnavailableException.class, embedder::openSpatial);
      assertTrue(e.getMessage().contains("image_embeds"), e.getMessage());
    }
  }

  private static float[] center(float[] v, float[] mean) {
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) out[i] = v[i] - mean[i];
    return Vectors.normalizeInPlace(out);
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
    return s;
  }
}
