package dev.loupe.onnx;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.loupe.onnx.download.DownloadFile;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Everything Loupe needs to turn an ONNX file into an image embedder: where the file is, how to check it, how
 * to feed it and which tensor holds the feature. Specs are JSON (see {@code docs/models.md}), never code, so a
 * user can describe any model.
 *
 * @param name catalogue name, also the name of the index field that holds this model's vectors
 * @param description one line for {@code loupe models list}
 * @param file path of the ONNX file relative to a model directory
 * @param sha256 expected SHA-256 of the file; checked before loading
 * @param url where {@code loupe models pull} fetches the file from, pinned to a revision, or null; needs
 *     {@code size} and {@code sha256}
 * @param license licence of the weights, as stated by their source
 * @param input the image input tensor
 * @param preprocess how pixels become the input tensor
 * @param output where the feature comes from
 * @param size exact size of the file in bytes, or null (required with {@code url})
 * @param repository the hub repository the file comes from ({@code OWNER/REPO}), or null
 * @param revision the repository revision {@code url} is pinned to, or null
 * @param extraFiles other files {@code loupe models pull} fetches with this model (e.g. a CLIP text tower and its
 *     tokenizer), each with its own URL, size and SHA-256; empty when none
 * @param quantization for a model written by {@code loupe models quantize}: what it was made from and how; null
 *     for any other model
 */
@JsonIgnoreProperties(ignoreUnknown = false)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelSpec(
    String name, String description, String file, String sha256, String url, String license,
    Input input, Preprocess preprocess, Output output,
    Long size, String repository, String revision, List<DownloadFile> extraFiles, Quantization quantization) {

  /** A spec without download information (a local model). */
  public ModelSpec(String name, String description, String file, String sha256, String url, String license,
      Input input, Preprocess preprocess, Output output) {
    this(name, description, file, sha256, url, license, input, preprocess, output, null, null, null, null, null);
  }

  /** A spec that is not a quantized copy of another. */
  public ModelSpec(String name, String description, String file, String sha256, String url, String license,
      Input input, Preprocess preprocess, Output output, Long size, String repository, String revision,
      List<DownloadFile> extraFiles) {
    this(name, description, file, sha256, url, license, input, preprocess, output, size, repository, revision,
        extraFiles, null);
  }

  public ModelSpec {
    require(name != null && name.matches("[A-Za-z0-9._+-]+"), "name must be letters, digits, '.', '_', '+' or '-', got: " + name);
    require(file != null && !file.isBlank(), "file is required (model " + name + ")");
    require(sha256 == null || sha256.matches("[0-9a-f]{64}"), "sha256 must be 64 lowercase hex digits, got: " + sha256);
    Objects.requireNonNull(input, "input is required (model " + name + ")");
    Objects.requireNonNull(preprocess, "preprocess is required (model " + name + ")");
    Objects.requireNonNull(output, "output is required (model " + name + ")");
    require(size == null || size > 0, "size must be positive, got: " + size + " (model " + name + ")");
    // A downloadable file is always checked: no URL without the size and checksum it must match.
    require(url == null || (size != null && sha256 != null), "url needs size and sha256 (model " + name + ")");
    extraFiles = extraFiles == null ? List.of() : List.copyOf(extraFiles);
  }

  /** What {@code loupe models pull} fetches for this model: its file (when it has a URL), then the extra files. */
  public List<DownloadFile> downloads() {
    List<DownloadFile> all = new ArrayList<>();
    if (url != null) all.add(new DownloadFile(file, URI.create(url), size, sha256));
    all.addAll(extraFiles);
    return List.copyOf(all);
  }

  /** The same model with another output (e.g. class probabilities instead of the pooled feature). */
  public ModelSpec withOutput(Output other) {
    return new ModelSpec(name + "." + other.name().replaceAll("[^A-Za-z0-9._+-]", "_"), description, file, sha256,
        url, license, input, preprocess, other, size, repository, revision, extraFiles, quantization);
  }

  /**
   * How a quantized model was made, recorded in its spec by {@code loupe models quantize}; also how Loupe knows
   * the spec and its file are its own to replace with {@code --force}.
   *
   * @param format {@code int8-qdq}: uint8 activations, int8 per-channel weights, QDQ nodes
   * @param source name of the float model it was made from
   * @param sourceSha256 SHA-256 of that model's file
   * @param calibration {@code minmax} or {@code percentile}
   * @param images how many calibration images were used
   */
  public record Quantization(String format, String source, String sourceSha256, String calibration, int images) {
    public Quantization {
      require(format != null && !format.isBlank(), "quantization.format is required");
      require(source != null && !source.isBlank(), "quantization.source is required");
      require(images > 0, "quantization.images must be positive, got: " + images);
    }
  }

  /**
   * The image input tensor.
   *
   * @param name tensor name
   * @param dtype {@code float32} or {@code float16}
   * @param layout {@code NCHW} or {@code NHWC}
   * @param batch 0 when the batch dimension is dynamic, else the fixed batch size the graph accepts
   */
  public record Input(String name, String dtype, String layout, int batch) {
    public Input {
      require(name != null && !name.isBlank(), "input.name is required");
      dtype = dtype == null ? "float32" : dtype.toLowerCase(Locale.ROOT);
      require(dtype.equals("float32") || dtype.equals("float16"), "input.dtype must be float32 or float16, got: " + dtype);
      layout = layout == null ? "NCHW" : layout.toUpperCase(Locale.ROOT);
      require(layout.equals("NCHW") || layout.equals("NHWC"), "input.layout must be NCHW or NHWC, got: " + layout);
      require(batch >= 0, "input.batch must be 0 (dynamic) or a fixed size, got: " + batch);
    }

    public boolean nhwc() {
      return layout.equals("NHWC");
    }

    public boolean fp16() {
      return dtype.equals("float16");
    }
  }

  /**
   * Pixels to tensor values: {@code value = (pixel * pixelScale - mean[c]) / std[c]}, with {@code c} in the
   * model's channel order.
   *
   * @param resize {@code shorter-side} (resize the shorter side to {@code size}, then centre-crop {@code crop})
   *     or {@code direct} (resize the whole image to {@code crop} x {@code crop}, aspect not kept)
   * @param size target of the shorter side (ignored for {@code direct}); default crop / 0.875 (256 for 224)
   * @param crop side of the square model input
   * @param interpolation {@code bilinear} (antialiased, default), {@code bicubic} or {@code nearest}
   * @param channels {@code RGB} or {@code BGR}
   * @param pixelScale multiplies the 0..255 pixel first (1/255 for 0..1 models)
   * @param mean per channel, in model channel order
   * @param std per channel, in model channel order
   */
  public record Preprocess(
      String resize, int size, int crop, String interpolation, String channels, double pixelScale,
      double[] mean, double[] std) {
    public Preprocess {
      resize = resize == null ? "shorter-side" : resize.toLowerCase(Locale.ROOT);
      require(resize.equals("shorter-side") || resize.equals("direct"), "preprocess.resize must be shorter-side or direct, got: " + resize);
      require(crop > 0, "preprocess.crop must be positive, got: " + crop);
      if (resize.equals("direct")) size = crop;
      if (size == 0) size = (int) Math.round(crop / 0.875); // the ImageNet convention: 256 for a 224 crop
      require(size >= crop, "preprocess.size must be at least crop (" + crop + "), got: " + size);
      interpolation = interpolation == null ? "bilinear" : interpolation.toLowerCase(Locale.ROOT);
      require(interpolation.matches("bilinear|bicubic|nearest"), "preprocess.interpolation must be bilinear, bicubic or nearest, got: " + interpolation);
      channels = channels == null ? "RGB" : channels.toUpperCase(Locale.ROOT);
      require(channels.equals("RGB") || channels.equals("BGR"), "preprocess.channels must be RGB or BGR, got: " + channels);
      if (pixelScale == 0) pixelScale = 1;
      mean = mean == null ? new double[] {0, 0, 0} : mean.clone();
      std = std == null ? new double[] {1, 1, 1} : std.clone();
      require(mean.length == 3 && std.length == 3, "preprocess.mean and std need 3 values each");
      for (double s : std) require(s != 0, "preprocess.std must not contain 0");
    }

    /** A stable one-line description, part of the embedder fingerprint. */
    public String describe() {
      return String.format(Locale.ROOT, "%s size=%d crop=%d %s %s scale=%s mean=%s std=%s", resize, size, crop,
          interpolation, channels, pixelScale, java.util.Arrays.toString(mean), java.util.Arrays.toString(std));
    }
  }

  /**
   * Where the feature comes from.
   *
   * @param name output tensor; may be an intermediate tensor that is not a graph output, Loupe exposes it
   * @param pooling {@code none} for an [N, D] tensor; {@code avg}, {@code max} or {@code gem} to pool an
   *     [N, C, H, W] feature map over its spatial dimensions; {@code cls} to take the first token of an
   *     [N, T, D] transformer output (the CLS token, as DINOv2 features are read)
   * @param gemP exponent of GeM pooling (default 3)
   * @param normalize L2-normalise the vector (then cosine = dot product); default true
   */
  public record Output(String name, String pooling, double gemP, Boolean normalize) {
    public Output {
      require(name != null && !name.isBlank(), "output.name is required");
      pooling = pooling == null ? "none" : pooling.toLowerCase(Locale.ROOT);
      require(pooling.matches("none|avg|max|gem|cls"), "output.pooling must be none, avg, max, gem or cls, got: " + pooling);
      if (gemP == 0) gemP = 3;
      require(gemP > 0, "output.gemP must be positive, got: " + gemP);
      normalize = normalize == null || normalize; // unit vectors unless a spec says otherwise
    }
  }

  private static void require(boolean condition, String message) {
    if (!condition) throw new IllegalArgumentException(message);
  }
}
