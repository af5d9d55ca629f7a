package dev.loupe.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.platform.Fp16Conversions;
import dev.loupe.core.embed.EmbedderDescriptor;
import dev.loupe.core.embed.TextEmbedder;
import dev.loupe.core.io.Checksums;
import dev.loupe.core.query.Vectors;
import dev.loupe.onnx.text.ClipTokenizer;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A CLIP-family text tower run with ONNX Runtime: texts are tokenised with the model's own {@code tokenizer.json}
 * ({@link ClipTokenizer}), batched, run, and the embeddings L2-normalised (the exports do not normalise; the
 * paired image tower's vectors are normalised too, so cosine = dot product across the two).
 *
 * <p>One ORT session per embedder; {@link #embedTexts} may be called from several threads at once.
 */
public final class OnnxTextEmbedder implements TextEmbedder {
  /** Largest batch sent to the model in one call (the graph's batch dimension is dynamic). */
  public static final int MAX_BATCH = 32;

  private final TextModelSpec spec;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final ClipTokenizer tokenizer;
  private final boolean feedMask;
  private final boolean int32Ids;
  private final EmbedderDescriptor descriptor;

  private OnnxTextEmbedder(TextModelSpec spec, OrtEnvironment env, OrtSession session, ClipTokenizer tokenizer,
      String modelSha, String tokenizerSha) throws OrtException {
    this.spec = spec;
    this.env = env;
    this.session = session;
    this.tokenizer = tokenizer;
    Map<String, NodeInfo> inputs = session.getInputInfo();
    this.feedMask = inputs.containsKey(spec.attentionMask());
    this.int32Ids = inputs.get(spec.inputIds()).getInfo() instanceof TensorInfo t && t.type == OnnxJavaType.INT32;
    checkSequenceLength(inputs.get(spec.inputIds()));
    int dim = probeDimension();
    Map<String, String> fp = new LinkedHashMap<>();
    fp.put(EmbedderDescriptor.MODEL_SHA256, modelSha);
    fp.put("tokenizer.sha256", tokenizerSha);
    fp.put("input", spec.inputIds() + (feedMask ? " + " + spec.attentionMask() : "") + " context=" + spec.contextLength()
        + " pad=" + tokenizer.padId());
    fp.put("output", spec.output() + " normalize=true");
    fp.put("image", spec.imageModel());
    this.descriptor = new EmbedderDescriptor(spec.name(), dim, true, fp);
  }

  /**
   * Loads the text tower: checks the model's and the tokenizer's SHA-256 against the spec, and that the graph has
   * the spec's input and output tensors.
   */
  public static OnnxTextEmbedder load(TextModelSpec spec, Path modelFile, Path tokenizerFile, int intraOpThreads) {
    byte[] bytes = read(modelFile, "model");
    String sha = checked(Checksums.sha256(bytes), spec.sha256(), modelFile, spec);
    String tokenizerSha = checked(Checksums.sha256(read(tokenizerFile, "tokenizer")), spec.tokenizerSha256(), tokenizerFile, spec);
    ClipTokenizer tokenizer = ClipTokenizer.load(tokenizerFile, spec.contextLength(), spec.padId());
    OrtEnvironment env = OrtRuntime.environment();
    OrtSession session = null;
    try {
      session = OrtRuntime.session(env, bytes, intraOpThreads);
      if (!session.getInputNames().contains(spec.inputIds())) {
        throw new ModelLoadException("text model " + spec.name() + " has no input '" + spec.inputIds()
            + "'; its inputs are " + session.getInputNames());
      }
      if (!session.getOutputNames().contains(spec.output())) {
        throw new ModelLoadException("text model " + spec.name() + " has no output '" + spec.output()
            + "'; its outputs are " + session.getOutputNames());
      }
      return new OnnxTextEmbedder(spec, env, session, tokenizer, sha, tokenizerSha);
    } catch (OrtException | RuntimeException e) {
      if (session != null) closeQuietly(session); // do not leak the native session
      if (e instanceof ModelLoadException m) throw m;
      throw new ModelLoadException("cannot load text model " + spec.name() + " from " + modelFile + ": " + e.getMessage(), e);
    }
  }

  private static byte[] read(Path file, String what) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ModelLoadException("cannot read " + what + " file " + file + ": " + e.getMessage(), e);
    }
  }

  private static String checked(String actual, String expected, Path file, TextModelSpec spec) {
    if (expected != null && !expected.equals(actual)) {
      throw new ModelLoadException("checksum mismatch for " + file + " (text model " + spec.name() + "): expected "
          + expected + ", got " + actual + "; the file is corrupt or a different one — download it again");
    }
    return actual;
  }


  /** A graph exported with a fixed sequence length must match the spec's context length. */
  private void checkSequenceLength(NodeInfo ids) {
    if (ids.getInfo() instanceof TensorInfo t && t.getShape().length == 2) {
      long len = t.getShape()[1];
      if (len > 0 && len != spec.contextLength()) {
        throw new ModelLoadException("text model " + spec.name() + " takes " + len + " tokens per text, its spec says"
            + " contextLength " + spec.contextLength() + "; fix contextLength in the spec");
      }
    }
  }

  private int probeDimension() {
    try {
      if (session.getOutputInfo().get(spec.output()).getInfo() instanceof TensorInfo t
          && t.getShape().length == 2 && t.getShape()[1] > 0) {
        return (int) t.getShape()[1];
      }
    } catch (OrtException e) {
      // fall through to a probe run
    }
    return run(List.of(tokenizer.encode("")))[0].length;
  }

  public TextModelSpec spec() {
    return spec;
  }

  public ClipTokenizer tokenizer() {
    return tokenizer;
  }

  @Override
  public EmbedderDescriptor descriptor() {
    return descriptor;
  }

  @Override
  public String imageEmbedder() {
    return spec.imageModel();
  }

  @Override
  public boolean truncates(String text) {
    return tokenizer.encode(text).truncated();
  }

  @Override
  public float[][] embedTexts(List<String> texts) {
    float[][] out = new float[texts.size()][];
    for (int start = 0; start < texts.size(); start += MAX_BATCH) {
      int n = Math.min(MAX_BATCH, texts.size() - start);
      List<ClipTokenizer.Tokens> batch = texts.subList(start, start + n).stream().map(tokenizer::encode).toList();
      System.arraycopy(run(batch), 0, out, start, n);
    }
    return out;
  }

  /** Runs one batch: ids (and the attention mask when the graph takes one) of shape [n, context]. */
  private float[][] run(List<ClipTokenizer.Tokens> batch) {
    int context = spec.contextLength();
    long[] shape = {batch.size(), context};
    long[] ids = new long[batch.size() * context];
    long[] mask = new long[ids.length];
    for (int i = 0; i < batch.size(); i++) {
      System.arraycopy(batch.get(i).ids(), 0, ids, i * context, context);
      System.arraycopy(batch.get(i).attentionMask(), 0, mask, i * context, context);
    }
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      inputs.put(spec.inputIds(), tensor(ids, shape));
      if (feedMask) inputs.put(spec.attentionMask(), tensor(mask, shape));
      try (OrtSession.Result result = session.run(inputs, Set.of(spec.output()))) {
        OnnxValue value = result.get(0);
        if (!(value instanceof OnnxTensor out)) {
          throw new ModelLoadException("output " + spec.output() + " of text model " + spec.name() + " is not a tensor");
        }
        return toVectors(out, batch.size());
      }
    } catch (OrtException e) {
      throw new IllegalStateException("inference failed for text model " + spec.name() + ": " + e.getMessage(), e);
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  private OnnxTensor tensor(long[] values, long[] shape) throws OrtException {
    if (!int32Ids) return OnnxTensor.createTensor(env, LongBuffer.wrap(values), shape);
    int[] ints = new int[values.length];
    for (int i = 0; i < ints.length; i++) ints[i] = (int) values[i];
    return OnnxTensor.createTensor(env, IntBuffer.wrap(ints), shape);
  }

  private float[][] toVectors(OnnxTensor out, int count) {
    long[] shape = out.getInfo().getShape();
    if (shape.length != 2 || shape[0] != count) {
      throw new ModelLoadException("output " + spec.output() + " of text model " + spec.name() + " has shape "
          + java.util.Arrays.toString(shape) + "; need [" + count + ", D]");
    }
    FloatBuffer fb = switch (out.getInfo().type) {
      case FLOAT -> out.getFloatBuffer();
      case FLOAT16 -> Fp16Conversions.convertFp16BufferToFloatBuffer(out.getShortBuffer());
      default -> throw new ModelLoadException("output tensor type " + out.getInfo().type + " is not supported; need float32 or float16");
    };
    int dim = (int) shape[1];
    float[][] vectors = new float[count][dim];
    for (float[] v : vectors) {
      fb.get(v);
      Vectors.normalizeInPlace(v);
    }
    return vectors;
  }

  private static void closeQuietly(OrtSession session) {
    try {
      session.close();
    } catch (OrtException ignored) {
      // already failing with the cause that matters
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("cannot close text model " + spec.name(), e);
    }
  }
}
