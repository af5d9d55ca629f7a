package dev.loupe.bench;

import dev.loupe.core.embed.Embedder;
import dev.loupe.core.util.Parallel;
import dev.loupe.image.DecodeOptions;
import dev.loupe.image.ImageDecoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Real embeddings of image files, decoded and prepared the way the indexer does it: the benches' one path. */
public final class ImageEmbeddings {
  /** Images prepared and embedded at once by {@link #embed}: bounds the prepared tensors held (600 KB each). */
  static final int BATCH = 64;

  private ImageEmbeddings() {}

  /** Each file's vector, in batches of {@value #BATCH}, with the process's decoder. */
  public static List<float[]> embed(Embedder embedder, List<Path> files) throws Exception {
    List<float[]> out = new ArrayList<>(files.size());
    for (int from = 0; from < files.size(); from += BATCH) {
      List<Path> batch = files.subList(from, Math.min(files.size(), from + BATCH));
      out.addAll(List.of(embedder.embedPrepared(prepare(embedder, ImageDecoder.active(), batch, 1))));
    }
    return out;
  }

  /** Decodes and preprocesses every file for {@code embedder}, as the indexer does, on {@code threads} workers. */
  static List<float[]> prepare(Embedder embedder, ImageDecoder decoder, List<Path> files, int threads)
      throws Exception {
    DecodeOptions options = DecodeOptions.DEFAULTS.withMinShorterSide(embedder.minInputSide());
    return Parallel.map(files, threads, f -> embedder.prepare(decoder.read(f, options).image()));
  }
}
