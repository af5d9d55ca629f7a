package dev.loupe.onnx;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The text towers Loupe knows: the built-in text catalogue shipped in this jar, plus {@code NAME.text.json}
 * specs found directly in a model directory (a user spec overrides a built-in one of the same name). A text
 * tower is looked up by the image model it pairs with, the name an index records.
 */
public final class TextModelCatalog {
  private static final String BUILT_IN = "/dev/loupe/onnx/text-catalog.json";
  static final String SPEC_GLOB = "*.text.json";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Map<String, TextModelSpec> specs;
  private final ModelPaths paths;

  private TextModelCatalog(Map<String, TextModelSpec> specs, ModelPaths paths) {
    this.specs = specs;
    this.paths = paths;
  }

  public static TextModelCatalog load(ModelPaths paths) {
    Map<String, TextModelSpec> specs = new LinkedHashMap<>();
    for (TextModelSpec s : builtIn()) specs.put(s.name(), s);
    for (Path dir : paths.directories()) {
      if (!Files.isDirectory(dir)) continue;
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, SPEC_GLOB)) {
        for (Path f : files) {
          TextModelSpec s = ModelCatalog.parse(f, TextModelSpec.class);
          specs.put(s.name(), s);
        }
      } catch (IOException e) {
        throw new ModelLoadException("cannot read text model specs in " + dir + ": " + e.getMessage(), e);
      }
    }
    return new TextModelCatalog(java.util.Collections.unmodifiableMap(specs), paths);
  }

  public static List<TextModelSpec> builtIn() {
    try (InputStream in = TextModelCatalog.class.getResourceAsStream(BUILT_IN)) {
      if (in == null) throw new IllegalStateException("built-in text model catalogue missing from the jar: " + BUILT_IN);
      return JSON.readValue(in, new TypeReference<List<TextModelSpec>>() {});
    } catch (IOException e) {
      throw new IllegalStateException("built-in text model catalogue is invalid: " + e.getMessage(), e);
    }
  }

  public List<TextModelSpec> specs() {
    return List.copyOf(specs.values());
  }

  public Optional<TextModelSpec> find(String name) {
    return Optional.ofNullable(specs.get(name));
  }

  /** The text tower paired with an image model; a user spec wins over a built-in one (it is read later). */
  public Optional<TextModelSpec> forImageModel(String imageModel) {
    TextModelSpec found = null;
    for (TextModelSpec s : specs.values()) if (s.imageModel().equals(imageModel)) found = s;
    return Optional.ofNullable(found);
  }

  /**
   * Opens the text tower paired with {@code imageModel}, or fails with one line saying how to get one: a CLIP
   * model's image tower builds the index, its text tower answers the text.
   */
  public OnnxTextEmbedder openForImageModel(String imageModel, int intraOpThreads) {
    TextModelSpec spec = forImageModel(imageModel).orElseThrow(() -> new ModelLoadException(
        "model " + imageModel + " has no text tower, so this index cannot answer text queries; build an index with"
            + " a CLIP model (e.g. " + String.join(", ", specs.values().stream().map(TextModelSpec::imageModel).distinct().toList())
            + ") or add a NAME.text.json spec pairing a text tower with " + imageModel + " (see docs/models.md), or train one on the index's own texts with loupe train-text (docs/text.md)"));
    return open(spec, intraOpThreads);
  }

  /** Loads a text tower, finding its ONNX file and tokenizer on the search path. */
  public OnnxTextEmbedder open(TextModelSpec spec, int intraOpThreads) {
    return OnnxTextEmbedder.load(spec, require(spec, spec.file(), "model"), require(spec, spec.tokenizer(), "tokenizer"),
        intraOpThreads);
  }

  private Path require(TextModelSpec spec, String relative, String what) {
    return paths.find(relative).orElseThrow(() -> new ModelLoadException(
        "text model '" + spec.name() + "' " + what + " not found: looked for " + relative + " in " + paths.describe()
            + ". Fix: pass --models DIR (or set LOUPE_MODELS) to the folder that holds it"
            + (spec.url() != null && what.equals("model") ? ", or download it from " + spec.url() + " into " + paths.userCache() : "")));
  }
}
