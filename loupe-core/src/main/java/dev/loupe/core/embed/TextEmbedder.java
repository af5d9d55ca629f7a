package dev.loupe.core.embed;

import java.util.List;

/**
 * Turns texts into vectors in the space of an image embedder (a CLIP-style text tower), so that an index built
 * with that image embedder answers text queries.
 *
 * <p>Implementations are thread-safe and batch internally; callers may pass any number of texts at once.
 * A text longer than the model's context is truncated, never refused: {@link #truncates} lets a caller say so
 * once.
 */
public interface TextEmbedder extends AutoCloseable {

  /** What produces the vectors (model checksum, tokenizer, tensor names). */
  EmbedderDescriptor descriptor();

  default int dimension() {
    return descriptor().dimension();
  }

  /**
   * The name of the image embedder whose vector space this text tower shares ({@link EmbedderDescriptor#name()}
   * of that embedder); an index built with it can be searched with these vectors.
   */
  String imageEmbedder();

  /**
   * One unit-length vector per text, in order. The empty string is a valid text (the model sees only its start
   * and end tokens). Thread-safe.
   */
  float[][] embedTexts(List<String> texts);

  default float[] embedText(String text) {
    return embedTexts(List.of(text))[0];
  }

  /** Whether {@code text} is longer than the model's context and would be cut. */
  boolean truncates(String text);

  @Override
  default void close() {}
}
