package dev.loupe.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Specs for the tiny random-weight CLIP-shaped pair in {@code ../shared/models/clip-tiny-fixture} (see
 * MODELS.md §7): an image spec {@value #IMAGE} and a text spec {@value #TEXT} pairing with it, with the real
 * CLIP exports' tensor names and preprocessing. Written into a temporary model directory; the specs name the
 * files relative to {@link SharedData#models()}, which the test adds to the model search path after it.
 * Random weights: good for shapes, names, batching and plumbing, never for retrieval quality.
 */
public final class ClipFixture {
  public static final String IMAGE = "clip-tiny";
  public static final String TEXT = "clip-tiny-text";
  /** The fixture towers' output width (MODELS.md §7: image_embeds and text_embeds are [batch, 512]). */
  public static final int DIMENSION = 512;

  private ClipFixture() {}

  /** Writes both specs into {@code dir} (created if needed) and returns it. */
  public static Path writeSpecs(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(IMAGE + ".loupe.json"), """
          {
            "name": "clip-tiny",
            "description": "CLIP-shaped fixture image tower (random weights, plumbing tests only)",
            "file": "clip-tiny-fixture/vision_model.onnx",
            "input": {"name": "pixel_values", "dtype": "float32", "layout": "NCHW", "batch": 0},
            "preprocess": {"resize": "shorter-side", "size": 224, "crop": 224, "interpolation": "bicubic",
                           "channels": "RGB", "pixelScale": 0.00392156862745098,
                           "mean": [0.48145466, 0.4578275, 0.40821073], "std": [0.26862954, 0.26130258, 0.27577711]},
            "output": {"name": "image_embeds", "pooling": "none", "normalize": true}
          }
          """);
      Files.writeString(dir.resolve(TEXT + ".text.json"), """
          {
            "name": "clip-tiny-text",
            "description": "CLIP-shaped fixture text tower (random weights, plumbing tests only)",
            "file": "clip-tiny-fixture/text_model.onnx",
            "imageModel": "clip-tiny",
            "tokenizer": "clip-tokenizer/tokenizer.json",
            "contextLength": 77,
            "inputIds": "input_ids",
            "attentionMask": "attention_mask",
            "output": "text_embeds"
          }
          """);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
