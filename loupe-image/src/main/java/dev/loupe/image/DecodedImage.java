package dev.loupe.image;

import dev.loupe.core.image.RgbImage;
import java.util.Objects;

/**
 * The result of {@link ImageDecoder}: the upright sRGB pixels plus what the file declared.
 *
 * @param image upright pixels (EXIF orientation applied), possibly subsampled
 * @param originalWidth full-resolution width after orientation (before any subsampling)
 * @param originalHeight full-resolution height after orientation
 * @param format lower-case format name: jpeg, png, gif, bmp, webp or tiff
 */
public record DecodedImage(RgbImage image, int originalWidth, int originalHeight, String format) {

  public DecodedImage {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(format, "format");
    if (originalWidth < image.width() || originalHeight < image.height()) {
      throw new IllegalArgumentException("original size " + originalWidth + "x" + originalHeight
          + " is smaller than the decoded image " + image.width() + "x" + image.height());
    }
  }

  /** Whether the decoder subsampled the image (it is smaller than the original). */
  public boolean subsampled() {
    return image.width() != originalWidth || image.height() != originalHeight;
  }
}
