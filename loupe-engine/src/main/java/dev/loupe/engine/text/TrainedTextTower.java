package dev.loupe.engine.text;

import dev.loupe.core.embed.EmbedderDescriptor;
import dev.loupe.core.embed.TextEmbedder;
import dev.loupe.core.query.Centering;
import dev.loupe.core.query.SearchRequest;
import dev.loupe.core.query.Vectors;
import java.util.List;
import java.util.Map;

/**
 * The closed-form text tower: a text's base row (TF-IDF of its words, or its MiniLM sentence vector: {@link
 * TextBase}) times ridge weights, normalised, lands in the image embedder's space (the weights were fitted onto
 * the image vectors minus their mean, so only the direction that tells items apart is predicted). A text with no
 * known word has no direction of its own: it embeds to the unit gallery mean, the "any item" query. Immutable,
 * hence thread-safe; {@link #close} releases the base's model.
 */
public final class TrainedTextTower implements TextEmbedder {
  /** The descriptor name of a ridge tower on the TF-IDF base; a tower on base B with objective O is named "B-O". */
  public static final String BASE = TfidfBase.NAME + "-ridge";

  private final TextBase base;
  private final float[][] weights;
  private final float[] fallback;
  private final float[] mean;
  /** The centring by {@link #mean}, built once: every text query and image vector uses it. */
  private final Centering centering;
  private final TowerInfo info;
  private final EmbedderDescriptor descriptor;

  /**
   * @param weights vocabulary size × dimension
   * @param mean the image vectors' mean the targets were centred on (its direction is the fallback)
   */
  public TrainedTextTower(TextBase base, float[][] weights, float[] mean, TowerInfo info, String checksum) {
    if (weights.length != base.size()) throw new IllegalArgumentException("one weight row per base feature");
    if (!base.name().equals(info.base())) {
      throw new IllegalArgumentException("tower trained on base " + info.base() + " given base " + base.name());
    }
    this.base = base;
    this.weights = weights;
    this.mean = mean.clone();
    this.centering = new Centering(this.mean);
    this.fallback = unitOrFirstAxis(mean.clone());
    this.info = info;
    String name = base.name() + "-" + info.objective();
    this.descriptor = new EmbedderDescriptor(name, mean.length, true,
        Map.of("base", name, "baseChecksum", info.baseChecksum(), "imageEmbedder", info.imageEmbedder(),
            "imageChecksum", info.imageChecksum(), "towerChecksum", checksum));
  }

  private static float[] unitOrFirstAxis(float[] v) {
    if (Vectors.norm(v) > 0) return Vectors.normalizeInPlace(v);
    float[] axis = new float[v.length];
    axis[0] = 1;
    return axis;
  }

  public TowerInfo info() {
    return info;
  }

  public TextBase base() {
    return base;
  }

  float[][] weights() {
    return weights;
  }

  float[] fallback() {
    return fallback;
  }

  /**
   * The request that compares a text vector of this tower with the items as the tower was trained to: with the
   * items centred on the training mean (and re-normalised), whatever the index's own levers and metric. A request
   * that brings its own centring keeps it.
   */
  public SearchRequest centred(SearchRequest request) {
    return request.centering() != null ? request : request.withCentering(centering);
  }

  /** An image vector in this tower's space: centred on the gallery mean and re-normalised, as it was trained. */
  public float[] imageVector(float[] image) {
    return centering.apply(image);
  }

  /** The query vector that {@link #centred} turns back into {@code textVector}: the mean plus the text's direction. */
  public float[] query(float[] textVector) {
    float[] q = new float[textVector.length];
    for (int c = 0; c < q.length; c++) q[c] = mean[c] + textVector[c];
    return q;
  }

  @Override
  public EmbedderDescriptor descriptor() {
    return descriptor;
  }

  @Override
  public String imageEmbedder() {
    return info.imageEmbedder();
  }

  @Override
  public float[][] embedTexts(List<String> texts) {
    return project(base.rows(texts));
  }

  /** The tower's vectors of base rows already computed (the trainer reuses them for every lambda). */
  float[][] project(List<WordFeatures.Row> rows) {
    return projectWith(rows, weights, fallback);
  }

  /** The unit vectors of {@code rows} under {@code weights}; a row with no direction gets the mean's. */
  static float[][] project(List<WordFeatures.Row> rows, float[][] weights, float[] mean) {
    return projectWith(rows, weights, unitOrFirstAxis(mean.clone()));
  }

  private static float[][] projectWith(List<WordFeatures.Row> rows, float[][] weights, float[] fallback) {
    float[][] out = new float[rows.size()][];
    for (int i = 0; i < out.length; i++) out[i] = project(rows.get(i), weights, fallback);
    return out;
  }

  private static float[] project(WordFeatures.Row row, float[][] weights, float[] fallback) {
    int d = fallback.length;
    double[] sum = new double[d];
    for (int p = 0; p < row.index().length; p++) {
      float[] w = weights[row.index()[p]];
      double x = row.value()[p];
      for (int c = 0; c < d; c++) sum[c] += x * w[c];
    }
    float[] v = new float[d];
    for (int c = 0; c < d; c++) v[c] = (float) sum[c];
    return Vectors.norm(v) > 0 ? Vectors.normalizeInPlace(v) : fallback.clone();
  }

  @Override
  public boolean truncates(String text) {
    return base.truncates(text);
  }

  @Override
  public void close() {
    base.close();
  }
}
