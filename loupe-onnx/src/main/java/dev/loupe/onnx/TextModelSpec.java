package dev.loupe.onnx;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * A CLIP-style text tower: the ONNX file, its tokenizer, its tensors, and the image model whose vector space it
 * shares. Kept apart from {@link ModelSpec} (image models) so the two evolve independently; found in the built-in
 * text catalogue and in {@code NAME.text.json} files of the model directories (see {@code docs/models.md}).
 *
 * @param name catalogue name of the text tower
 * @param description one line for listings
 * @param file path of the ONNX file relative to a model directory
 * @param sha256 expected SHA-256 of the ONNX file, checked before loading; null to skip
 * @param url where the file can be downloaded from, or null
 * @param license licence of the weights, as stated by their source
 * @param imageModel name of the image model ({@link ModelSpec#name()}) whose space the text vectors share
 * @param tokenizer path of the Hugging Face {@code tokenizer.json} relative to a model directory
 * @param tokenizerSha256 expected SHA-256 of the tokenizer file; null to skip
 * @param contextLength ids per text, start and end tokens included (CLIP: 77)
 * @param padId id after the end token; null for the end token itself (the HF CLIP export's pad token)
 * @param inputIds name of the token-id input (int64 or int32)
 * @param attentionMask name of the attention-mask input; fed only when the graph has an input of this name
 * @param output name of the [N, D] text-embedding output
 * @param logitScale zero-shot temperature: image–text cosines are multiplied by it before the softmax; null for
 *     CLIP's trained value ({@link #CLIP_LOGIT_SCALE})
 */
@JsonIgnoreProperties(ignoreUnknown = false)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TextModelSpec(
    String name, String description, String file, String sha256, String url, String license,
    String imageModel, String tokenizer, String tokenizerSha256, int contextLength, Integer padId,
    String inputIds, String attentionMask, String output, Double logitScale) {

  /** CLIP's context length; every OpenAI CLIP model and its HF exports use it. */
  public static final int CLIP_CONTEXT = 77;
  /** A bound on any context length (no CLIP-family model comes near it): a typo must not allocate gigabytes. */
  public static final int MAX_CONTEXT = 4096;
  /** CLIP's learned logit scale, exp(4.6052) = 100 (clamped there in training), used when a spec names none. */
  public static final double CLIP_LOGIT_SCALE = 100;
  /** A bound on the temperature: beyond it the softmax is one-hot for any useful similarity gap. */
  public static final double MAX_LOGIT_SCALE = 1000;

  public TextModelSpec {
    require(name != null && name.matches("[A-Za-z0-9._+-]+"), "name must be letters, digits, '.', '_', '+' or '-', got: " + name);
    require(file != null && !file.isBlank(), "file is required (text model " + name + ")");
    require(sha256 == null || sha256.matches("[0-9a-f]{64}"), "sha256 must be 64 lowercase hex digits, got: " + sha256);
    require(tokenizerSha256 == null || tokenizerSha256.matches("[0-9a-f]{64}"),
        "tokenizerSha256 must be 64 lowercase hex digits, got: " + tokenizerSha256);
    require(imageModel != null && !imageModel.isBlank(), "imageModel is required (text model " + name + "): the image model it pairs with");
    require(tokenizer != null && !tokenizer.isBlank(), "tokenizer is required (text model " + name + "): a tokenizer.json path");
    if (contextLength == 0) contextLength = CLIP_CONTEXT;
    require(contextLength >= 3 && contextLength <= MAX_CONTEXT,
        "contextLength must be in 3.." + MAX_CONTEXT + ", got: " + contextLength);
    require(padId == null || padId >= 0, "padId must be at least 0, got: " + padId);
    inputIds = Objects.requireNonNullElse(inputIds, "input_ids");
    attentionMask = Objects.requireNonNullElse(attentionMask, "attention_mask");
    output = Objects.requireNonNullElse(output, "text_embeds");
    logitScale = Objects.requireNonNullElse(logitScale, CLIP_LOGIT_SCALE);
    require(logitScale > 0 && logitScale <= MAX_LOGIT_SCALE,
        "logitScale must be in (0, " + MAX_LOGIT_SCALE + "], got: " + logitScale);
  }

  private static void require(boolean condition, String message) {
    if (!condition) throw new IllegalArgumentException(message);
  }
}
