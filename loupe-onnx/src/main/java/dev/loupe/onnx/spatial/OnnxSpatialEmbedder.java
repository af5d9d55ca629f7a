package dev.loupe.onnx.spatial;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.loupe.core.explain.ExplainUnavailableException;
import dev.loupe.core.explain.SeenRegion;
import dev.loupe.core.explain.SpatialEmbedder;
import dev.loupe.core.explain.SpatialFeatures;
import dev.loupe.core.explain.SpatialPooling;
import dev.loupe.core.image.RgbImage;
import dev.loupe.core.io.Checksums;
import dev.loupe.onnx.ModelLoadException;
import dev.loupe.onnx.ModelSpec;
import dev.loupe.onnx.OrtRuntime;
import dev.loupe.onnx.OrtTensors;
import dev.loupe.onnx.quantize.OnnxFormatException;
import dev.loupe.onnx.quantize.OnnxGraph;
import dev.loupe.onnx.quantize.OnnxModel;
import dev.loupe.onnx.quantize.ValueInfo;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The feature map of an ONNX image model before its spatial pooling. Where the spec's output is the map itself
 * (pooling {@code avg}, {@code max} or {@code gem} over an [N, C, H, W] output) that tensor is read; where the
 * output is an already pooled vector (pooling {@code none}), the map is found in the graph ({@link
 * PooledMapFinder}) and added as a graph output in memory before the session is created: the user's file is never
 * changed and no spec field is needed.
 */
public final class OnnxSpatialEmbedder implements SpatialEmbedder {
  private final ModelSpec spec;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final String mapTensor;
  private final SpatialPooling pooling;
  private final Function<RgbImage, float[]> prepare;

  private OnnxSpatialEmbedder(ModelSpec spec, OrtEnvironment env, OrtSession session, String mapTensor,
      SpatialPooling pooling, Function<RgbImage, float[]> prepare) {
    this.spec = spec;
    this.env = env;
    this.session = session;
    this.mapTensor = mapTensor;
    this.pooling = pooling;
    this.prepare = prepare;
  }

  /**
   * Opens the map of the model in {@code modelFile}, which must be the file the embedder was loaded from.
   *
   * @param sha256 the SHA-256 the embedder loaded, checked again so the map and the vectors come from one file
   * @param prepare the embedder's own preprocessing
   * @throws ExplainUnavailableException when the model's vector is not a spatial pooling of a map
   */
  public static OnnxSpatialEmbedder open(ModelSpec spec, Path modelFile, String sha256,
      Function<RgbImage, float[]> prepare, int intraOpThreads) {
    String how = spec.output().pooling();
    if (how.equals("cls")) {
      throw new ExplainUnavailableException("model " + spec.name() + " reads a transformer's CLS token: it has no"
          + " spatial feature map to explain a match with");
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(modelFile);
    } catch (IOException e) {
      throw new ModelLoadException("cannot read model file " + modelFile + ": " + e.getMessage(), e);
    }
    if (sha256 != null && !sha256.equals(Checksums.sha256(bytes))) {
      throw new ModelLoadException("model file " + modelFile + " changed since model " + spec.name() + " was loaded");
    }
    String map;
    SpatialPooling pooling;
    byte[] graphBytes;
    if (how.equals("none")) {
      OnnxModel model;
      try {
        model = OnnxModel.parse(bytes);
      } catch (OnnxFormatException | IllegalArgumentException e) {
        throw new ModelLoadException("cannot read the graph of model " + spec.name() + ": " + e.getMessage(), e);
      }
      Optional<String> found = PooledMapFinder.find(model.graph(), spec.output().name());
      if (found.isEmpty()) {
        throw new ExplainUnavailableException("model " + spec.name() + ": output " + spec.output().name()
            + " is not a global average pooling of a feature map, so it has no spatial map to explain a match with");
      }
      map = found.get();
      pooling = SpatialPooling.AVG;
      graphBytes = withOutput(model, map);
    } else {
      map = spec.output().name();
      pooling = SpatialPooling.valueOf(how.toUpperCase(Locale.ROOT));
      graphBytes = bytes;
    }
    OrtEnvironment env = OrtRuntime.environment();
    try {
      OrtSession session = OrtRuntime.session(env, graphBytes, intraOpThreads);
      if (!session.getOutputNames().contains(map)) {
        session.close();
        // The spec's 4-D output was an intermediate tensor: expose it as the embedder does.
        session = OrtRuntime.session(env, withOutput(OnnxModel.parse(bytes), map), intraOpThreads);
      }
      return new OnnxSpatialEmbedder(spec, env, session, map, pooling, prepare);
    } catch (OrtException e) {
      throw new ModelLoadException("cannot open the feature map " + map + " of model " + spec.name() + ": "
          + e.getMessage(), e);
    }
  }

  private static byte[] withOutput(OnnxModel model, String tensor) {
    OnnxGraph g = model.graph();
    if (g.outputs().stream().anyMatch(v -> v.name().equals(tensor))) return model.toByteArray();
    List<ValueInfo> outputs = new ArrayList<>(g.outputs());
    outputs.add(ValueInfo.named(tensor));
    return model.withGraph(g.withInterface(g.inputs(), outputs, g.valueInfo())).toByteArray();
  }

  /** The name of the map tensor read. */
  public String mapTensor() {
    return mapTensor;
  }

  @Override
  public boolean normalized() {
    return spec.output().normalize();
  }

  @Override
  public SpatialFeatures features(RgbImage image) {
    float[] input = prepare.apply(image);
    ModelSpec.Preprocess p = spec.preprocess();
    int side = p.crop();
    int rows = Math.max(1, spec.input().batch()); // a fixed batch is padded with zeros; item 0 is read
    long[] shape = spec.input().nhwc() ? new long[] {rows, side, side, 3} : new long[] {rows, 3, side, side};
    FloatBuffer values = FloatBuffer.allocate(rows * input.length);
    values.put(input).rewind();
    try (OnnxTensor tensor = createInput(values, shape);
        OrtSession.Result result = session.run(Map.of(spec.input().name(), tensor), Set.of(mapTensor))) {
      OnnxValue value = result.get(0);
      if (!(value instanceof OnnxTensor out) || out.getInfo().getShape().length != 4) {
        throw new ExplainUnavailableException("model " + spec.name() + ": tensor " + mapTensor
            + " is not an [N, C, H, W] feature map");
      }
      long[] s = out.getInfo().getShape();
      int c = (int) s[1];
      int h = (int) s[2];
      int w = (int) s[3];
      float[] all = readFloats(out);
      float[] one = new float[c * h * w];
      System.arraycopy(all, 0, one, 0, one.length);
      SeenRegion seen = p.resize().equals("direct") ? SeenRegion.WHOLE
          : SeenRegion.centreCrop(image.width(), image.height(), p.size(), p.crop());
      return new SpatialFeatures(c, h, w, one, pooling, spec.output().gemP(), seen);
    } catch (OrtException e) {
      throw new IllegalStateException("inference failed for model " + spec.name() + ": " + e.getMessage(), e);
    }
  }

  private OnnxTensor createInput(FloatBuffer values, long[] shape) throws OrtException {
    return OrtTensors.input(env, spec.input().fp16(), values, shape);
  }

  private float[] readFloats(OnnxTensor out) {
    return OrtTensors.floats(out).orElseThrow(() -> new ExplainUnavailableException("model " + spec.name()
        + ": tensor " + mapTensor + " is " + out.getInfo().type + ", not float32 or float16"));
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("cannot close the feature map session of model " + spec.name(), e);
    }
  }
}
