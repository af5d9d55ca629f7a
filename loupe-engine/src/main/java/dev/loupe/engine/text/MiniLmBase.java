package dev.loupe.engine.text;

import dev.loupe.onnx.MiniLmSentenceEncoder;
import java.util.ArrayList;
import java.util.List;

/**
 * Base (c): the frozen all-MiniLM-L6-v2 sentence vector (384-d, unit length) as a dense row. Pretrained on
 * English sentence pairs, it places words the catalogue never uses ("tee", "sneakers") near the ones it does, which
 * TF-IDF cannot. The graph is not saved in the tower, only its SHA-256: a tower is refused with another graph.
 */
public final class MiniLmBase implements TextBase {
  public static final String NAME = "minilm";

  private final MiniLmSentenceEncoder encoder;
  private final int[] allColumns;

  private MiniLmBase(MiniLmSentenceEncoder encoder) {
    this.encoder = encoder;
    this.allColumns = new int[encoder.dimension()];
    for (int i = 0; i < allColumns.length; i++) allColumns[i] = i;
  }

  /** Loads the encoder from the classpath, with ONNX Runtime using every core for one text at a time. */
  public static MiniLmBase open() {
    return new MiniLmBase(MiniLmSentenceEncoder.load(Runtime.getRuntime().availableProcessors()));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int size() {
    return encoder.dimension();
  }

  @Override
  public String checksum() {
    return encoder.sha256();
  }

  @Override
  public List<WordFeatures.Row> rows(List<String> texts) {
    float[][] vectors = encoder.encode(texts);
    List<WordFeatures.Row> rows = new ArrayList<>(vectors.length);
    for (float[] v : vectors) rows.add(new WordFeatures.Row(allColumns, v));
    return rows;
  }

  @Override
  public boolean truncates(String text) {
    return encoder.tokenizer().truncates(text);
  }

  @Override
  public void close() {
    encoder.close();
  }
}
