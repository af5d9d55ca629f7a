package dev.loupe.image.pixel;

import dev.loupe.core.embed.Embedder;
import dev.loupe.core.embed.EnsembleEmbedder;
import dev.loupe.testing.BaseEmbedderTestCase;
import java.util.List;

/**
 * {@link EnsembleEmbedder} passes the shared embedder contract with members that need no model file (two pixel
 * baselines of different sizes and weights), so its batching and concatenation are checked apart from ONNX.
 */
class EnsembleEmbedderConformanceTest extends BaseEmbedderTestCase {
  @Override
  protected Embedder newEmbedder() {
    return new EnsembleEmbedder(List.of(new EnsembleEmbedder.Member(new PixelEmbedder(8), 1.0),
        new EnsembleEmbedder.Member(new PixelEmbedder(16), 0.5)));
  }
}
