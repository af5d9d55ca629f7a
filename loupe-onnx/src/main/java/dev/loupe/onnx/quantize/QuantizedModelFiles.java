package dev.loupe.onnx.quantize;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.loupe.core.io.AtomicFiles;
import dev.loupe.onnx.ModelCatalog;
import dev.loupe.onnx.ModelLoadException;
import dev.loupe.onnx.ModelSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where a quantized model goes ({@code DIR/NAME.onnx} and its spec {@code DIR/NAME.loupe.json}, found by the
 * catalogue like any user spec) and the rule for replacing: never a file Loupe did not write. An existing target is
 * replaced only with {@code force}, and only when the spec there was written by the quantizer (it records
 * {@code quantization}) and names that ONNX file.
 *
 * @param directory the model directory written into
 * @param name the new model's name
 */
public record QuantizedModelFiles(Path directory, String name) {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public Path specFile() {
    return directory.resolve(name + ".loupe.json");
  }

  public Path modelFile() {
    return directory.resolve(name + ".onnx");
  }

  /** Throws with one line when writing would replace something it must not; call before any work. */
  public void checkWritable(ModelCatalog catalog, boolean force) {
    Optional<ModelSpec> known = catalog.find(name);
    if (known.isPresent() && known.get().quantization() == null) {
      throw new QuantizeRefusal("model name '" + name + "' is taken by a model not made by loupe models quantize;"
          + " choose another with --name");
    }
    boolean specExists = Files.exists(specFile());
    boolean modelExists = Files.exists(modelFile());
    if (known.isPresent() && !specExists) {
      // Another directory of the search path has it: two specs of one name, and the later directory would win.
      throw new QuantizeRefusal("a model named '" + name + "' already exists in another model directory; choose"
          + " another with --name");
    }
    if (!specExists && !modelExists) return;
    Path existing = specExists ? specFile() : modelFile();
    if (!force) throw new QuantizeRefusal(existing + " exists; pass --force to replace a model quantize wrote, or --name");
    if (!specExists) throw new QuantizeRefusal(modelFile() + " exists without a spec by loupe models quantize; not replacing it");
    ModelSpec old;
    try {
      old = ModelCatalog.parse(specFile());
    } catch (ModelLoadException e) {
      throw new QuantizeRefusal(specFile() + " is not a spec written by loupe models quantize; not replacing it");
    }
    if (old.quantization() == null || !directory.resolve(old.file()).normalize().equals(modelFile().normalize())) {
      throw new QuantizeRefusal(specFile() + " was not written by loupe models quantize; not replacing it");
    }
  }

  /**
   * Writes the model, then its spec (each atomically): a reader never finds a spec whose file is not complete.
   * Without {@code force}, a target that appeared since {@link #checkWritable} (another run quantizing under the
   * same name, or someone's own file) is refused rather than replaced: calibration takes seconds.
   */
  public void write(byte[] onnx, ModelSpec spec, boolean force) throws IOException {
    if (!force) {
      for (Path file : List.of(modelFile(), specFile())) {
        if (Files.exists(file)) {
          throw new QuantizeRefusal(file + " appeared while quantizing (another run wrote it?); not replacing it");
        }
      }
    }
    Files.createDirectories(directory);
    AtomicFiles.write(modelFile(), onnx, true);
    try {
      AtomicFiles.write(specFile(), JSON.writeValueAsBytes(spec), true);
    } catch (IOException | RuntimeException e) {
      // A model file without its spec would block every later run (it could not be told from someone else's).
      try {
        Files.deleteIfExists(modelFile());
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  /** Removes what {@link #write} wrote, when the written model turned out not to run. */
  public void delete() throws IOException {
    Files.deleteIfExists(specFile());
    Files.deleteIfExists(modelFile());
  }
}
