package dev.loupe.cli;

import dev.loupe.onnx.ModelCatalog;
import dev.loupe.onnx.ModelSpec;
import dev.loupe.onnx.ModelPaths;
import dev.loupe.onnx.quantize.CalibrationMethod;
import dev.loupe.onnx.quantize.ModelQuantization;
import dev.loupe.onnx.quantize.QuantizeListener;
import dev.loupe.onnx.quantize.QuantizeReport;
import dev.loupe.onnx.quantize.QuantizeRequest;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "quantize", mixinStandardHelpOptions = true,
    description = {"Write an int8 copy of a float CNN model (uint8 activations, int8 per-channel weights, QDQ: ONNX "
        + "Runtime runs it with integer kernels), calibrated on your own images through the model's own "
        + "preprocessing. The new ONNX file and its spec NEW.loupe.json go into the first --models directory, else "
        + "the model cache; index with --model NEW. See docs/quantize.md.",
        "Prints a summary (tensors quantized, conv layers, file sizes, cosine of float and int8 vectors on held-out "
        + "images of DIR) and the two paths on stdout; progress and skipped images on stderr. Refuses models it "
        + "cannot handle (transformers, already-quantized or float16 models) and never replaces a file it did not "
        + "write."})
final class ModelsQuantizeCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "NAME", description = "The float model to quantize (see loupe models list).")
  String model;

  @Option(names = "--calibrate", paramLabel = "DIR", required = true,
      description = "Folder of your images (searched recursively) to calibrate on.")
  Path calibrate;

  @Option(names = "--images", paramLabel = "N", defaultValue = "" + QuantizeRequest.DEFAULT_IMAGES,
      description = "Calibration images, picked evenly from DIR's sorted paths (default: ${DEFAULT-VALUE}).")
  int images;

  @Option(names = "--calibration", paramLabel = "METHOD", defaultValue = "minmax",
      description = "How activation ranges are chosen: minmax (all values seen, default) or percentile (99.99th "
          + "percentile of |x|).")
  CalibrationMethod method;

  @Option(names = "--name", paramLabel = "NEW", description = "Name of the new model (default: NAME-int8).")
  String name;

  @Option(names = "--force", description = "Replace a model this command wrote before under the same name.")
  boolean force;

  @Override
  public Integer call() throws Exception {
    OptionChecks.atLeast("--images", images, 1);
    if (name != null && !name.matches("[A-Za-z0-9._+-]+")) {
      throw new ErrorHandler.UsageException("--name must be letters, digits, '.', '_', '+' or '-', got: " + name);
    }
    ModelPaths paths = ModelPaths.fromEnvironment(common.modelDirs);
    Path into = common.modelDirs.isEmpty() ? paths.userCache() : common.modelDirs.getFirst();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    QuantizeRequest request = new QuantizeRequest(model, calibrate, images, method, name, paths, into, force,
        QuantizeRequest.DEFAULT_HELD_OUT);
    ModelCatalog catalog = ModelCatalog.load(paths);
    if (catalog.find(model).isEmpty()) {
      throw new ErrorHandler.UsageException("unknown model '" + model + "'; known models: "
          + String.join(", ", catalog.specs().stream().map(ModelSpec::name).toList()));
    }
    QuantizeReport r = ModelQuantization.run(request, new Progress(err));
    String agreement = r.heldOut() == 0
        ? "no held-out images to compare float and int8 on (DIR has none beyond those calibrated on)"
        : String.format(Locale.ROOT, "cosine float vs int8 on %d held-out images: mean %.4f, min %.4f",
            r.heldOut(), r.meanCosine(), r.minCosine());
    out.printf(Locale.ROOT, "%s: %d tensors quantized, %d conv layers int8 (ONNX Runtime: %d QLinearConv, %d Conv in "
            + "float), %.1f MB -> %.1f MB, %d calibration images (%s), %s%n",
        r.spec().name(), r.tensors(), r.convLayers(), r.qlinearConvs(), r.floatConvs(), r.floatBytes() / 1e6,
        r.int8Bytes() / 1e6, r.images(), method.id(), agreement);
    out.println("spec: " + Printable.escape(r.specFile().toString()));
    out.println("model: " + Printable.escape(r.modelFile().toString()));
    out.flush();
    return 0;
  }

  /** One line per skipped image; calibration progress at each quarter, as plain lines (they are few). */
  private record Progress(PrintWriter err) implements QuantizeListener {
    @Override
    public void skipped(Path image, String reason) {
      err.println("skipped " + Printable.escape(image.toString()) + ": " + Printable.escape(reason));
      err.flush();
    }

    @Override
    public void calibrated(int done, int total) {
      if (done == total || done % Math.max(1, total / 4) == 0) {
        err.printf("calibrating: %d/%d images%n", done, total);
        err.flush();
      }
    }
  }
}
