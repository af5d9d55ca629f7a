package dev.loupe.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.loupe.core.embed.Embedder;
import dev.loupe.core.embed.EmbedderDescriptor;
import dev.loupe.core.explain.SpatialEmbedder;
import dev.loupe.core.explain.SpatialMapSource;
import dev.loupe.core.image.RgbImage;
import dev.loupe.core.io.Checksums;
import dev.loupe.core.query.Vectors;
import dev.loupe.onnx.spatial.OnnxSpatialEmbedder;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An image embedder running an ONNX model with ONNX Runtime, configured entirely by a {@link ModelSpec}.
 *
 * <p>One session per embedder; {@link #embedPrepared} may be called from several threads at once (ORT sessions
 * are thread-safe), which is how the indexing pipeline keeps every core busy with intra-op threads = 1.
 */
public final class OnnxImageEmbedder implements Embedder, SpatialMapSource {
  /** Largest batch sent to the model in one call when its batch dimension is dynamic. */
  static final int MAX_BATCH = 32;

  private final ModelSpec spec;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final ImagePreprocessor preprocessor;
  private final FeaturePooling pooling;
  private final EmbedderDescriptor descriptor;
  private final int batch;
  /** Where the model was read from and with how many threads: a feature-map session opens the same file. */
  private final Path modelFile;
  private final int intraOpThreads;

  private OnnxImageEmbedder(ModelSpec spec, OrtEnvironment env, OrtSession session, String sha256, Path modelFile,
      int intraOpThreads) {
    this.spec = spec;
    this.modelFile = modelFile;
    this.intraOpThreads = intraOpThreads;
    this.env = env;
    this.session = session;
    this.preprocessor = new ImagePreprocessor(spec.preprocess(), spec.input().nhwc());
    this.pooling = FeaturePooling.of(spec.output().pooling());
    this.batch = spec.input().batch() == 0 ? MAX_BATCH : spec.input().batch();
    int dim = probeDimension();
    Map<String, String> fp = new LinkedHashMap<>();
    fp.put(EmbedderDescriptor.MODEL_SHA256, sha256);
    fp.put("input", spec.input().name() + " " + spec.input().dtype() + " " + spec.input().layout());
    fp.put("preprocess", spec.preprocess().describe());
    fp.put("output", spec.output().name() + " pooling=" + spec.output().pooling()
        + (pooling == FeaturePooling.GEM ? " p=" + spec.output().gemP() : "") + " normalize=" + spec.output().normalize());
    this.descriptor = new EmbedderDescriptor(spec.name(), dim, spec.output().normalize(), fp);
  }

  /**
   * Loads the model file, checks its SHA-256 against the spec, and exposes the spec's output tensor when it is
   * an intermediate one.
   *
   * @param intraOpThreads ORT threads per inference call; 1 when several threads call in parallel
   */
  public static OnnxImageEmbedder load(ModelSpec spec, Path modelFile, int intraOpThreads) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(modelFile);
    } catch (IOException e) {
      throw new ModelLoadException("cannot read model file " + modelFile + ": " + e.getMessage(), e);
    }
    String sha = Checksums.sha256(bytes);
    if (spec.sha256() != null && !spec.sha256().equals(sha)) {
      throw new ModelLoadException("checksum mismatch for " + modelFile + " (model " + spec.name() + "): expected "
          + spec.sha256() + ", got " + sha + "; the file is corrupt or a different model — download it again");
    }
    OrtEnvironment env = OrtRuntime.environment();
    try {
      OrtSession session = OrtRuntime.session(env, bytes, intraOpThreads);
      if (!session.getOutputNames().contains(spec.output().name())) {
        session.close();
        session = OrtRuntime.session(env, GraphOutputs.withOutput(bytes, spec.output().name()), intraOpThreads);
      }
      if (!session.getInputNames().contains(spec.input().name())) {
        String inputs = session.getInputNames().toString();
        session.close();
        throw new ModelLoadException("model " + spec.name() + " has no input '" + spec.input().name()
            + "'; its inputs are " + inputs);
      }
      try {
        return new OnnxImageEmbedder(spec, env, session, sha, modelFile, intraOpThreads);
      } catch (RuntimeException e) {
        session.close(); // the probe run failed: do not leak the native session
        throw e;
      }
    } catch (OrtException | IOException e) {
      String hint = e.getMessage() != null && e.getMessage().contains(spec.output().name())
          ? " (is '" + spec.output().name() + "' a tensor of this model?)" : "";
      throw new ModelLoadException("cannot load model " + spec.name() + " from " + modelFile + ": "
          + e.getMessage() + hint, e);
    }
  }


  public ModelSpec spec() {
    return spec;
  }

  @Override
  public EmbedderDescriptor descriptor() {
    return descriptor;
  }

  @Override
  public int minInputSide() {
    return preprocessor.minInputSide();
  }

  @Override
  public float[] prepare(RgbImage image) {
    return preprocessor.prepare(image);
  }

  @Override
  public float[][] embedPrepared(List<float[]> prepared) {
    float[][] out = new float[prepared.size()][];
    for (int start = 0; start < prepared.size(); start += batch) {
      int n = Math.min(batch, prepared.size() - start);
      float[][] vectors = run(prepared.subList(start, start + n));
      System.arraycopy(vectors, 0, out, start, n);
    }
    return out;
  }

  /** Runs one batch of at most {@link #batch} inputs; pads a fixed-size batch and drops the padding. */
  private float[][] run(List<float[]> inputs) {
    int side = preprocessor.inputSide();
    int per = 3 * side * side;
    int rows = spec.input().batch() == 0 ? inputs.size() : batch;
    long[] shape = spec.input().nhwc() ? new long[] {rows, side, side, 3} : new long[] {rows, 3, side, side};
    FloatBuffer values = FloatBuffer.allocate(rows * per);
    for (float[] in : inputs) {
      if (in.length != per) {
        throw new IllegalArgumentException("prepared input has " + in.length + " values, model " + spec.name() + " needs " + per);
      }
      values.put(in);
    }
    values.rewind();
    try (OnnxTensor tensor = createInput(values, shape);
        OrtSession.Result result = session.run(Map.of(spec.input().name(), tensor), java.util.Set.of(spec.output().name()))) {
      OnnxValue value = result.get(0);
      if (!(value instanceof OnnxTensor out)) {
        throw new ModelLoadException("output " + spec.output().name() + " of model " + spec.name() + " is not a tensor");
      }
      return toVectors(out, inputs.size());
    } catch (OrtException e) {
      throw new IllegalStateException("inference failed for model " + spec.name() + ": " + e.getMessage(), e);
    }
  }

  private OnnxTensor createInput(FloatBuffer values, long[] shape) throws OrtException {
    return OrtTensors.input(env, spec.input().fp16(), values, shape);
  }

  private float[][] toVectors(OnnxTensor out, int count) {
    long[] shape = out.getInfo().getShape();
    float[] all = readFloats(out);
    float[][] vectors = new float[count][];
    if (pooling == FeaturePooling.CLS) {
      if (shape.length != 3) {
        throw new ModelLoadException("output " + spec.output().name() + " of model " + spec.name() + " has shape "
            + java.util.Arrays.toString(shape) + "; pooling 'cls' needs [N, T, D]");
      }
      int tokens = (int) shape[1];
      int dim = (int) shape[2];
      for (int i = 0; i < count; i++) vectors[i] = FeaturePooling.firstToken(all, i, tokens, dim);
    } else if (shape.length == 4 && pooling != FeaturePooling.NONE) {
      int channels = (int) shape[1];
      int spatial = (int) (shape[2] * shape[3]);
      for (int i = 0; i < count; i++) vectors[i] = pooling.pool(all, i, channels, spatial, spec.output().gemP());
    } else {
      if (pooling != FeaturePooling.NONE) {
        throw new ModelLoadException("output " + spec.output().name() + " of model " + spec.name() + " has shape "
            + java.util.Arrays.toString(shape) + "; pooling '" + spec.output().pooling() + "' needs [N, C, H, W]");
      }
      int dim = (int) (all.length / shape[0]);
      for (int i = 0; i < count; i++) {
        vectors[i] = new float[dim];
        System.arraycopy(all, i * dim, vectors[i], 0, dim);
      }
    }
    if (spec.output().normalize()) {
      for (float[] v : vectors) Vectors.normalizeInPlace(v);
    }
    return vectors;
  }

  private static float[] readFloats(OnnxTensor out) {
    return OrtTensors.floats(out).orElseThrow(() -> new ModelLoadException(
        "output tensor type " + out.getInfo().type + " is not supported; need float32 or float16"));
  }

  /** Learns the vector dimension from the output's declared shape, or by embedding one gray image. */
  private int probeDimension() {
    try {
      NodeInfo info = session.getOutputInfo().get(spec.output().name());
      if (info != null && info.getInfo() instanceof TensorInfo t) {
        long[] s = t.getShape();
        if (s.length == 2 && s[1] > 0 && pooling == FeaturePooling.NONE) return (int) s[1];
        if (s.length == 3 && s[2] > 0 && pooling == FeaturePooling.CLS) return (int) s[2];
        if (s.length == 4 && s[1] > 0 && pooling != FeaturePooling.NONE && pooling != FeaturePooling.CLS) return (int) s[1];
      }
    } catch (OrtException e) {
      // fall through to a probe run
    }
    int side = Math.max(preprocessor.minInputSide(), preprocessor.inputSide());
    byte[] gray = new byte[side * side * 3];
    java.util.Arrays.fill(gray, (byte) 128);
    return embed(new RgbImage(side, side, gray)).length;
  }

  /**
   * The feature map this model pools into its vector, in a session of its own (see {@link OnnxSpatialEmbedder}).
   *
   * @throws dev.loupe.core.explain.ExplainUnavailableException when the vector is not a spatial pooling
   */
  @Override
  public SpatialEmbedder openSpatial() {
    return OnnxSpatialEmbedder.open(spec, modelFile, descriptor.fingerprint().get(EmbedderDescriptor.MODEL_SHA256),
        this::prepare, intraOpThreads);
  }

  /** Names of the model's graph outputs (including an exposed intermediate tensor). */
  public List<String> outputNames() {
    return new ArrayList<>(session.getOutputNames());
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("cannot close model " + spec.name(), e);
    }
  }
}
