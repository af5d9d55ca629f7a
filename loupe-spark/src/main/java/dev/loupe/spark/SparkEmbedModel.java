package dev.loupe.spark;

import dev.loupe.core.embed.Embedder;
import dev.loupe.core.embed.EmbedderDescriptor;

/** The model checksum an embedding row carries: the one the index's spec records for the same model. */
final class SparkEmbedModel {
  private SparkEmbedModel() {}

  /** The model file's checksum, or a one-line refusal for an embedder without a model file. */
  static String sha256(Embedder embedder) {
    String sha = embedder.descriptor().fingerprint().get(EmbedderDescriptor.MODEL_SHA256);
    if (sha == null) {
      throw new UsageException("--model " + embedder.descriptor().name() + ": spark-embed needs an ONNX "
          + "model (one with a model file checksum), not an ensemble or the pixels embedder");
    }
    return sha;
  }
}
