package dev.loupe.lucene;

import dev.loupe.core.embed.EmbedderDescriptor;
import dev.loupe.core.query.Metric;
import org.apache.lucene.index.VectorSimilarityFunction;

/**
 * Which Lucene similarity an index's vector field uses, and which metrics its HNSW graph can rank.
 *
 * <p>A field has one similarity, fixed when the index is created. For unit vectors, cosine, dot product and
 * Euclidean distance all rank by the dot product (|a-b|² = 2 - 2a·b), so a DOT_PRODUCT graph serves all three;
 * for other vectors only Euclidean distance has a graph. Every other metric is answered by an exact scan.
 */
final class VectorSimilarities {
  private VectorSimilarities() {}

  static VectorSimilarityFunction forEmbedder(EmbedderDescriptor embedder) {
    return embedder.normalized() ? VectorSimilarityFunction.DOT_PRODUCT : VectorSimilarityFunction.EUCLIDEAN;
  }

  static boolean graphServes(VectorSimilarityFunction similarity, Metric metric) {
    return switch (similarity) {
      case DOT_PRODUCT -> metric == Metric.COSINE || metric == Metric.DOT || metric == Metric.L2;
      case EUCLIDEAN -> metric == Metric.L2;
      default -> false;
    };
  }
}
