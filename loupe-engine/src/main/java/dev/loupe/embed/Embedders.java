package dev.loupe.embed;

import dev.loupe.embed.onnx.ModelCatalog;
import dev.loupe.embed.pixel.PixelEmbedder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens embedders by name: {@code pixels} or {@code pixels-N} for the raw-pixel baseline at N x N (default 16),
 * anything else from the model catalogue.
 */
public final class Embedders {
  private static final Pattern PIXELS = Pattern.compile("pixels(?:-(\\d+))?");
  private final ModelCatalog catalog;

  public Embedders(ModelCatalog catalog) {
    this.catalog = catalog;
  }

  public ModelCatalog catalog() {
    return catalog;
  }

  /**
   * @param name embedder name
   * @param intraOpThreads ONNX Runtime threads per model call
   */
  public Embedder open(String name, int intraOpThreads) {
    Matcher m = PIXELS.matcher(name);
    if (m.matches()) {
      return new PixelEmbedder(m.group(1) == null ? PixelEmbedder.DEFAULT_SIZE : Integer.parseInt(m.group(1)));
    }
    return catalog.open(name, intraOpThreads);
  }
}
