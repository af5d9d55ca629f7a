package dev.loupe.image.pixel;

import dev.loupe.core.embed.Embedder;
import dev.loupe.testing.BaseEmbedderTestCase;

/** The raw-pixel baseline passes the shared embedder contract; its own cases are in {@link PixelEmbedderTest}. */
class PixelEmbedderConformanceTest extends BaseEmbedderTestCase {
  @Override
  protected Embedder newEmbedder() {
    return new PixelEmbedder(16);
  }
}
