package dev.loupe.onnx.quantize;

import dev.loupe.onnx.ModelSpec;
import java.nio.file.Path;

/**
 * What a quantize run produced.
 *
 * @param spec the new model's spec
 * @param specFile where it was written
 * @param modelFile the new ONNX file
 * @param images calibration images used (bad ones skipped)
 * @param tensors activation tensors quantized
 * @param convLayers Conv layers with int8 weights
 * @param qlinearConvs QLinearConv nodes in ONNX Runtime's optimised graph (integer kernels actually used)
 * @param floatBytes size of the float model file
 * @param int8Bytes size of the new file
 * @param heldOut held-out images compared
 * @param meanCosine mean cosine of float and int8 vectors of the held-out images (NaN when none)
 * @param minCosine the smallest of those cosines (NaN when none)
 */
public record QuantizeReport(ModelSpec spec, Path specFile, Path modelFile, int images, int tensors, int convLayers,
    int qlinearConvs, long floatBytes, long int8Bytes, int heldOut, double meanCosine, double minCosine) {}
