package dev.loupe.onnx;

import dev.loupe.core.image.RgbImage;
import dev.loupe.image.Interpolation;
import dev.loupe.image.Resize;

/**
 * Turns an image into one model input (3 x crop x crop floats in the spec's layout), exactly as the spec says.
 * Stateless and thread-safe.
 */
final class ImagePreprocessor {
  private final ModelSpec.Preprocess p;
  private final boolean nhwc;
  private final Interpolation interpolation;
  private final float[] scale = new float[3];
  private final float[] offset = new float[3];
  private final int[] sourceChannel;

  ImagePreprocessor(ModelSpec.Preprocess p, boolean nhwc) {
    this.p = p;
    this.nhwc = nhwc;
    this.interpolation = Interpolation.valueOf(p.interpolation().toUpperCase(java.util.Locale.ROOT));
    // value = (pixel * pixelScale - mean) / std, folded into one multiply-add per value.
    for (int c = 0; c < 3; c++) {
      scale[c] = (float) (p.pixelScale() / p.std()[c]);
      offset[c] = (float) (-p.mean()[c] / p.std()[c]);
    }
    this.sourceChannel = p.channels().equals("BGR") ? new int[] {2, 1, 0} : new int[] {0, 1, 2};
  }

  int inputSide() {
    return p.crop();
  }

  /** The smallest shorter side the resize reads from without upsampling. */
  int minInputSide() {
    return p.resize().equals("direct") ? p.crop() : p.size();
  }

  RgbImage resizeAndCrop(RgbImage image) {
    int crop = p.crop();
    if (p.resize().equals("direct")) {
      return Resize.resize(image, crop, crop, interpolation);
    }
    return Resize.resizeShorterSideAndCenterCrop(image, p.size(), crop, crop, interpolation);
  }

  float[] prepare(RgbImage image) {
    RgbImage img = resizeAndCrop(image);
    int side = p.crop();
    int plane = side * side;
    float[] out = new float[3 * plane];
    byte[] rgb = img.rgb();
    for (int i = 0; i < plane; i++) {
      for (int c = 0; c < 3; c++) {
        float v = (rgb[i * 3 + sourceChannel[c]] & 0xFF) * scale[c] + offset[c];
        out[nhwc ? i * 3 + c : c * plane + i] = v;
      }
    }
    return out;
  }
}
