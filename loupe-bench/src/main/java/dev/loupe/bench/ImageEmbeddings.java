package dev.loupe.bench;

import dev.loupe.core.embed.Embedder;
import dev.loupe.image.DecodeOptions;
import dev.loupe.image.ImageDecoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Real embeddings of image files, decoded and prepared the way the indexer does it. */
public final class ImageEmbeddings {
  private ImageEmbeddings() {}

  public static List<float[]> embed(Embedder embedder, List<Path> files) throws Exception {
    DecodeOptions options = DecodeOptions.DEFAULTS.withMinShorterSide(embedder.minInputSide());
    List<float[]> prepared = new ArrayList<>();
    for (Path f : files) prepared.add(embedder.prepare(ImageDecoder.decode(f, options).image()));
    return List.of(embedder.embedPrepared(prepared));
  }
}
