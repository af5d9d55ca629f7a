package dev.loupe.image;

import dev.loupe.image.ImageDecodeException.Kind;

/**
 * The {@code auto} decoder with libvips present: libvips first, ImageIO for the files libvips refuses.
 *
 * <p>Only refusals fall back (unsupported, corrupt, truncated): an empty file, a file that is not an image and a
 * header over the pixel limit are the same verdict under both decoders, and decoding again would only spend time.
 * When both refuse, ImageIO's reason is kept (the reasons Loupe has always given), unless ImageIO cannot read the
 * format at all (HEIF, AVIF, JPEG XL): then libvips' reason is the informative one.
 */
record FallbackDecoder(ImageDecoder primary, ImageDecoder fallback) implements ImageDecoder {
  @Override
  public String name() {
    return "auto";
  }

  @Override
  public String description() {
    return primary.description() + ", falling back to " + fallback.name();
  }

  @Override
  public DecodedImage read(byte[] bytes, String source, DecodeOptions options) throws ImageDecodeException {
    try {
      return primary.read(bytes, source, options);
    } catch (ImageDecodeException first) {
      if (!fallsBack(first.kind())) throw first;
      try {
        return fallback.read(bytes, source, options);
      } catch (ImageDecodeException second) {
        if (second.kind() == Kind.UNSUPPORTED && first.kind() != Kind.UNSUPPORTED) throw first;
        second.addSuppressed(first);
        throw second;
      }
    }
  }

  private static boolean fallsBack(Kind kind) {
    return kind == Kind.UNSUPPORTED || kind == Kind.CORRUPT || kind == Kind.TRUNCATED;
  }
}
