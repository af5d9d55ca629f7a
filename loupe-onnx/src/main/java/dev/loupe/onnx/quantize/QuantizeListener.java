package dev.loupe.onnx.quantize;

import java.nio.file.Path;

/** Hears what a quantize run does, for a progress line and one line per skipped image. */
public interface QuantizeListener {
  /** An image could not be read; it is left out. */
  void skipped(Path image, String reason);

  /** {@code done} of {@code total} calibration images have run through the float model. */
  void calibrated(int done, int total);

  QuantizeListener NONE = new QuantizeListener() {
    @Override
    public void skipped(Path image, String reason) {}

    @Override
    public void calibrated(int done, int total) {}
  };
}
