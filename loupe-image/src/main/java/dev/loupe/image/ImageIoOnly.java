package dev.loupe.image;

/** The {@code auto} decoder where libvips is unusable: ImageIO, with the reason libvips was not used. */
record ImageIoOnly(String whyNotVips) implements ImageDecoder {
  @Override
  public String name() {
    return "auto";
  }

  @Override
  public String description() {
    return ImageIoDecoder.INSTANCE.description() + "; libvips not used: " + whyNotVips;
  }

  @Override
  public DecodedImage read(byte[] bytes, String source, DecodeOptions options) throws ImageDecodeException {
    return ImageIoDecoder.INSTANCE.read(bytes, source, options);
  }
}
