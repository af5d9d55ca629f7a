package dev.loupe.image.pixel;

import dev.loupe.core.embed.Embedder;
import dev.loupe.core.embed.EmbedderProvider;
import dev.loupe.core.embed.EmbedderSettings;
import dev.loupe.core.embed.Embedders;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code pixels} or {@code pixels-N}: the raw-pixel baseline at N x N (default 16); no model file needed. */
public final class PixelEmbedderProvider implements EmbedderProvider {
  private static final Pattern NAME = Pattern.compile("pixels(?:-(\\d{1,4}))?");

  @Override
  public String family() {
    return "pixels";
  }

  @Override
  public List<String> names(EmbedderSettings settings) {
    return List.of("pixels-N (N = 1.." + PixelEmbedder.MAX_SIZE + ", default " + PixelEmbedder.DEFAULT_SIZE + ")");
  }

  @Override
  public Optional<Embedder> open(String name, EmbedderSettings settings, Embedders members) {
    Matcher m = NAME.matcher(name);
    if (!m.matches()) return Optional.empty();
    return Optional.of(new PixelEmbedder(m.group(1) == null ? PixelEmbedder.DEFAULT_SIZE : Integer.parseInt(m.group(1))));
  }
}
