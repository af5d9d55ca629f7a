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
 * The model specs Loupe knows: the built-in catalogue shipped in this jar, plus any {@code *.loupe.json} spec file
 * found directly in a model directory (a user's own models; a user spec overrides a built-in one of the same
 * name).
 */
public final class ModelCatalog {
  /** The strongest image model available without a download; see docs/models.md for the measurements. */
  public static final String DEFAULT_MODEL = "mobilenetv2-tf2-ptq";

  /**
   * The model a new index gets when none is named: the int8 copy of {@link #DEFAULT_MODEL}. No hub serves it, so
   * it is made on the user's machine from the float model, calibrated on the images of the first index that needs
   * it, and kept in the model cache (see docs/quantize.md); commands without an index keep {@link #DEFAULT_MODEL}.
   */
  public static final String DEFAULT_INDEX_MODEL = DEFAULT_MODEL + "-int8";

  private static final String BUILT_IN = "/dev/loupe/onnx/catalog.json";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Map<String, ModelSpec> specs;
  private final Map<String, EnsembleSpec> ensembles;
  private final ModelPaths paths;
  private final List<String> order;

  private ModelCatalog(Map<String, ModelSpec> specs, Map<String, EnsembleSpec> ensembles, ModelPaths paths) {
    this.specs = Map.copyOf(specs);
    this.ensembles = Map.copyOf(ensembles);
    this.paths = paths;
    this.order = List.copyOf(specs.keySet());
  }

  public static ModelCatalog load(ModelPaths paths) {
    Map<String, ModelSpec> specs = new LinkedHashMap<>();
    Map<String, EnsembleSpec> ensembles = new LinkedHashMap<>();
    for (ModelSpec s : builtIn()) specs.put(s.name(), s);
    for (Path dir : paths.directories()) {
      if (!Files.isDirectory(dir)) continue;
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.loupe.json")) {
        for (Path f : files) {
          ModelSpec s = parse(f);
          specs.put(s.name(), s);
        }
      } catch (IOException e) {
        throw new ModelLoadException("cannot read model specs in " + dir + ": " + e.getMessage(), e);
      }
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.ensemble.json")) {
        for (Path f : files) {
          EnsembleSpec e = parse(f, EnsembleSpec.class);
          ensembles.put(e.name(), e);
        }
      } catch (IOException e) {
        throw new ModelLoadException("cannot read ensemble specs in " + dir + ": " + e.getMessage(), e);
      }
    }
    return new ModelCatalog(specs, ensembles, paths);
  }

  public static List<ModelSpec> builtIn() {
    try (InputStream in = ModelCatalog.class.getResourceAsStream(BUILT_IN)) {
      if (in == null) throw new IllegalStateException("built-in model catalogue missing from the jar: " + BUILT_IN);
      return JSON.readValue(in, new TypeReference<List<ModelSpec>>() {});
    } catch (IOException e) {
      throw new IllegalStateException("built-in model catalogue is invalid: " + e.getMessage(), e);
    }
  }

  /** Parses one spec file; the message names the file and the problem. */
  public static ModelSpec parse(Path file) {
    return parse(file, ModelSpec.class);
  }

  static <T> T parse(Path file, Class<T> type) {
    try {
      return JSON.readValue(file.toFile(), type);
    } catch (IOException | IllegalArgumentException e) {
      throw new ModelLoadException("invalid model spec " + file + ": " + rootMessage(e), e);
    }
  }

  /** Ensembles declared in {@code *.ensemble.json} files of the model directories. */
  public Optional<EnsembleSpec> ensemble(String name) {
    return Optional.ofNullable(ensembles.get(name));
  }

  public List<EnsembleSpec> ensembles() {
    return List.copyOf(ensembles.values());
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    String m = t.getMessage();
    return m == null ? t.toString() : m.lines().findFirst().orElse(m);
  }

  public List<ModelSpec> specs() {
    return order.stream().map(specs::get).toList();
  }

  public Optional<ModelSpec> find(String name) {
    return Optional.ofNullable(specs.get(name));
  }

  public ModelSpec require(String name) {
    return find(name).orElseThrow(() -> new ModelLoadException(
        "unknown model '" + name + "'; known models: " + String.join(", ", order)
            + " (or put a NAME.loupe.json spec in a model directory)"));
  }

  public ModelPaths paths() {
    return paths;
  }

  /** Loads a catalogue model by name, finding its file on the search path. */
  public OnnxImageEmbedder open(String name, int intraOpThreads) {
    ModelSpec spec = require(name);
    return OnnxImageEmbedder.load(spec, paths.require(spec), intraOpThreads);
  }
}
