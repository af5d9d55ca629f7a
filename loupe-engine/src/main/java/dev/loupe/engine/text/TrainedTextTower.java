package dev.loupe.engine.text;

import dev.loupe.core.embed.EmbedderDescriptor;
import dev.loupe.core.embed.TextEmbedder;
import dev.loupe.core.query.Centering;
import dev.loupe.core.query.SearchRequest;
import dev.loupe.core.query.Vectors;
import java.util.List;
import java.util.Map;

/**
 * The closed-form text tower: TF-IDF of a text's words times ridge weights, normalised, lands in the image
 * embedder's space (the weights were fitted onto the image vectors minus their mean, so only the direction that
 * tells items apart is predicted). A text with no known word has no direction of its own: it embeds to the
 * unit gallery mean, the "any item" query. Immutable, hence thread-safe.
 */
public final class TrainedTextTower implements TextEmbedder {
  /** The name of this text base in descriptors and messages. */
  public static final String BASE = "tfidf-ridge";

  private final WordFeatures features;
  private final Map<String, Integer> positions;
  private final float[][] weights;
  private final float[] fallback;
  private final float[] mean;
  private final TowerInfo info;
  private final EmbedderDescriptor descriptor;

  /**
   * @param weights vocabulary size × dimension
   * @param mean the image vectors' mean the targets were centred on (its direction is the fallback)
   */
  public TrainedTextTower(WordFeatures features, float[][] weights, float[] mean, TowerInfo info, String checksum) {
    if (weights.length != features.vocabulary().size()) throw new IllegalArgumentException("one weight row per word");
    this.features = features;
    this.positions = features.positions();
    this.weights = weights;
    this.mean = mean.clone();
    this.fallback = unitOrFirstAxis(mean.clone());
    this.info = info;
    this.descriptor = new EmbedderDescriptor(BASE, mean.length, true,
        Map.of("base", BASE, "imageEmbedder", info.imageEmbedder(), "imageChecksum", info.imageChecksum(),
            "towerChecksum", checksum));
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

  WordFeatures features() {
    return features;
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
    return request.centering() != null ? request : request.withCentering(new Centering(mean));
  }

  /** An image vector in this tower's space: centred on the gallery mean and re-normalised, as it was trained. */
  public float[] imageVector(float[] image) {
    return new Centering(mean).apply(image);
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
    float[][] out = new float[texts.size()][];
    for (int i = 0; i < out.length; i++) out[i] = embed(texts.get(i));
    return out;
  }

  private float[] embed(String text) {
    WordFeatures.Row row = features.row(text, positions);
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
    return WordFeatures.truncates(text);
  }
}
