package dev.loupe.onnx.quantize;

import dev.loupe.core.io.Checksums;
import dev.loupe.core.query.Vectors;
import dev.loupe.onnx.ModelCatalog;
import dev.loupe.onnx.ModelLoadException;
import dev.loupe.onnx.ModelSpec;
import dev.loupe.onnx.OnnxImageEmbedder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code loupe models quantize}: finds the float model, checks that its graph can be quantized and that the
 * target may be written (both before any image is read), calibrates on the user's images through the model's own
 * preprocessing, writes the int8 model and its spec, loads it with ONNX Runtime, counts the integer convolutions
 * ORT fused, and compares float and int8 vectors on held-out images.
 */
public final class ModelQuantization {
  static final String FORMAT = "int8-qdq";

  private ModelQuantization() {}

  public static QuantizeReport run(QuantizeRequest request, QuantizeListener listener) throws IOException {
    return run(request, null, listener);
  }

  /**
   * As {@link #run(QuantizeRequest, QuantizeListener)}, calibrated on {@code images} (when not null) instead of a
   * split of the request's folder, which then only names the images in the new spec's description.
   */
  public static QuantizeReport run(QuantizeRequest request, CalibrationImages images, QuantizeListener listener)
      throws IOException {
    ModelCatalog catalog = ModelCatalog.load(request.paths());
    ModelSpec spec = catalog.require(request.model());
    QuantizedModelFiles target = new QuantizedModelFiles(request.directory(), request.name());
    target.checkWritable(catalog, request.force());
    Path source = request.paths().require(spec);
    byte[] floatBytes = Files.readAllBytes(source);
    String sourceSha = Checksums.sha256(floatBytes);
    if (spec.sha256() != null && !spec.sha256().equals(sourceSha)) {
      throw new ModelLoadException("checksum mismatch for " + source + " (model " + spec.name() + "): expected "
          + spec.sha256() + ", got " + sourceSha + "; not quantizing a file that is not the model its spec describes");
    }
    OnnxModel prepared = ModelQuantizer.prepare(spec, OnnxModel.parse(floatBytes));
    if (images == null) {
      images = CalibrationImages.select(request.calibrationFolder(), request.images(), request.heldOut());
    }

    try (OnnxImageEmbedder floatModel = OnnxImageEmbedder.load(spec, source, 2)) {
      PreparedImages calibration = new PreparedImages(floatModel, images.calibration(), listener);
      ModelQuantizer.Quantized quantized;
      try {
        quantized = ModelQuantizer.quantize(spec, prepared, calibration, request.method(),
            done -> listener.calibrated(done, calibration.files()));
      } catch (QuantizeRefusal e) {
        throw new QuantizeRefusal("none of the " + calibration.files() + " calibration images in "
            + request.calibrationFolder() + " could be read");
      }
      ModelSpec newSpec = quantizedSpec(spec, request, sourceSha, quantized.images(), Checksums.sha256(quantized.onnx()));
      target.write(quantized.onnx(), newSpec, request.force());
      try (OnnxImageEmbedder int8 = OnnxImageEmbedder.load(newSpec, target.modelFile(), 2)) {
        if (int8.dimension() != floatModel.dimension()) {
          throw new IllegalStateException("the int8 model gives " + int8.dimension() + "-d vectors, the float one "
              + floatModel.dimension());
        }
        double[] cosines = agreement(floatModel, int8, new PreparedImages(floatModel, images.heldOut(), listener));
        return new QuantizeReport(newSpec, target.specFile(), target.modelFile(), quantized.images(),
            quantized.tensors(), quantized.convLayers(), FusionCheck.optimizedOps(quantized.onnx()), floatBytes.length,
            quantized.onnx().length, cosines.length, mean(cosines), min(cosines));
      } catch (RuntimeException e) {
        try {
          target.delete(); // a model that does not run must not stay in the catalogue
        } catch (java.io.IOException cleanup) {
          e.addSuppressed(cleanup); // the failure to report is the model's, not the cleanup's
        }
        throw e;
      }
    }
  }

  private static ModelSpec quantizedSpec(ModelSpec spec, QuantizeRequest r, String sourceSha, int images, String sha) {
    String description = String.format(Locale.ROOT, "%s, int8 (uint8 activations, int8 per-channel weights, QDQ), "
        + "calibrated on %d images (%s) of %s", spec.name(), images, r.method().id(), r.calibrationFolder().getFileName());
    return new ModelSpec(r.name(), description, r.name() + ".onnx", sha, null, spec.license(), spec.input(),
        spec.preprocess(), spec.output(), null, null, null, null,
        new ModelSpec.Quantization(FORMAT, spec.name(), sourceSha, r.method().id(), images));
  }

  /** Decodes and prepares each image as the embedder does when indexing; an unreadable one is skipped and named. */
  static List<float[]> prepareAll(OnnxImageEmbedder embedder, List<Path> files, QuantizeListener listener) {
    return new PreparedImages(embedder, files, listener).toList();
  }

  private static double[] agreement(OnnxImageEmbedder a, OnnxImageEmbedder b, PreparedImages images) {
    List<float[]> inputs = images.toList();
    if (inputs.isEmpty()) return new double[0];
    float[][] va = a.embedPrepared(inputs);
    float[][] vb = b.embedPrepared(inputs);
    double[] cos = new double[inputs.size()];
    for (int i = 0; i < cos.length; i++) {
      cos[i] = Vectors.dot(va[i], vb[i]) / ((double) Vectors.norm(va[i]) * Vectors.norm(vb[i]));
    }
    return cos;
  }

  private static double mean(double[] v) {
    return v.length == 0 ? Double.NaN : java.util.Arrays.stream(v).average().orElseThrow();
  }

  private static double min(double[] v) {
    return v.length == 0 ? Double.NaN : java.util.Arrays.stream(v).min().orElseThrow();
  }
}
