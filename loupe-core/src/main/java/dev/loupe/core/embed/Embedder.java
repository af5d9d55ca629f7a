package dev.loupe.core.embed;

import dev.loupe.core.image.RgbImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns images into vectors. Work is split in two steps so that a pipeline can run them on different threads:
 * {@link #prepare} (pure CPU preprocessing, safe to call from many threads) and {@link #embedPrepared}
 * (the model, safe to call concurrently; implementations batch internally).
 */
public interface Embedder extends AutoCloseable {

  EmbedderDescriptor descriptor();

  default int dimension() {
    return descriptor().dimension();
  }

  /**
   * The smallest shorter side, in pixels, the embedder's preprocessing reads from; a decoder may subsample a
   * large image down to about twice this before handing it over.
   */
  int minInputSide();

  /** Preprocesses one image into the model's input layout. Thread-safe. */
  float[] prepare(RgbImage image);

  /** Embeds prepared inputs, returning one vector per input, in order. Thread-safe. */
  float[][] embedPrepared(List<float[]> prepared);

  /** Convenience: {@link #prepare} then {@link #embedPrepared}. */
  default float[][] embed(List<RgbImage> images) {
    List<float[]> prepared = new ArrayList<>(images.size());
    for (RgbImage image : images) prepared.add(prepare(image));
    return embedPrepared(prepared);
  }

  default float[] embed(RgbImage image) {
    return embed(List.of(image))[0];
  }

  @Override
  default void close() {}
}
