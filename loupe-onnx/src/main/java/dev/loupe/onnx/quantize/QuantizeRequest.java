package dev.loupe.onnx.quantize;

import dev.loupe.onnx.ModelPaths;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@code loupe models quantize} is asked to do.
 *
 * @param model the float model's catalogue name
 * @param calibrationFolder the user's images
 * @param images how many to calibrate on (default 32)
 * @param method how ranges are chosen
 * @param name the new model's name, or null for {@code MODEL-int8}
 * @param paths the model search path (the float model is looked up there)
 * @param directory where the new model and its spec are written
 * @param force replace a model this command wrote before
 * @param heldOut how many other images of the folder measure the float/int8 agreement
 */
public record QuantizeRequest(String model, Path calibrationFolder, int images, CalibrationMethod method, String name,
    ModelPaths paths, Path directory, boolean force, int heldOut) {
  public static final int DEFAULT_IMAGES = 32;
  public static final int DEFAULT_HELD_OUT = 8;

  public QuantizeRequest {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(calibrationFolder, "calibrationFolder");
    Objects.requireNonNull(method, "method");
    if (images < 1) throw new IllegalArgumentException("--images must be at least 1, got: " + images);
    if (heldOut < 0) throw new IllegalArgumentException("heldOut must be at least 0, got: " + heldOut);
    if (name == null) name = model + "-int8";
  }
}
