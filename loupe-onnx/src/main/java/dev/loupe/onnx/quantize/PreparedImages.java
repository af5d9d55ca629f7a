package dev.loupe.onnx.quantize;

import dev.loupe.image.DecodeOptions;
import dev.loupe.image.ImageDecodeException;
import dev.loupe.image.ImageDecoder;
import dev.loupe.onnx.OnnxImageEmbedder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Image files as model inputs, decoded and prepared one at a time by the embedder's own path (the decoder with the
 * embedder's minimum side, then {@code OnnxImageEmbedder.prepare}: exactly what {@code loupe index} feeds it), so
 * calibrating on many images holds one in memory at a time. An unreadable file is skipped and named.
 */
final class PreparedImages implements Iterable<float[]> {
  private final OnnxImageEmbedder embedder;
  private final List<Path> files;
  private final QuantizeListener listener;

  PreparedImages(OnnxImageEmbedder embedder, List<Path> files, QuantizeListener listener) {
    this.embedder = embedder;
    this.files = List.copyOf(files);
    this.listener = listener;
  }

  int files() {
    return files.size();
  }

  /** All of them at once (for the few held-out images). */
  List<float[]> toList() {
    List<float[]> all = new ArrayList<>();
    forEach(all::add);
    return all;
  }

  @Override
  public Iterator<float[]> iterator() {
    DecodeOptions options = DecodeOptions.DEFAULTS.withMinShorterSide(embedder.minInputSide());
    Iterator<Path> paths = files.iterator();
    return new Iterator<>() {
      private float[] next = advance();

      private float[] advance() {
        while (paths.hasNext()) {
          Path f = paths.next();
          try {
            return embedder.prepare(ImageDecoder.decode(f, options).image());
          } catch (ImageDecodeException e) {
            listener.skipped(f, e.getMessage());
          }
        }
        return null;
      }

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public float[] next() {
        if (next == null) throw new NoSuchElementException();
        float[] out = next;
        next = advance();
        return out;
      }
    };
  }
}
