package dev.loupe.image;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import dev.loupe.core.image.RgbImage;
import dev.loupe.image.ImageDecodeException.Kind;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The native decoder: libvips through the Foreign Function &amp; Memory API ({@link LibVips}). Reads JPEG, PNG,
 * GIF, WebP and TIFF faster than ImageIO, shrinks JPEGs on load (DCT scaling) to about the size the embedder needs, and reads what ImageIO cannot: HEIF/HEIC and AVIF (libheif) and JPEG XL.
 *
 * <p>Order of work, the same as {@link ImageIoDecoder}'s so both reject bad files alike: Loupe's own structural
 * checks for the formats it knows (signature, JPEG markers, RIFF length); libvips' loader for the bytes, which
 * must be on Loupe's list (libvips can also load CSV, matrix, FITS, PDF, SVG... from untrusted bytes, which an
 * image indexer has no business doing); the header alone (the load is lazy) for the pixel limit; then the
 * pixels, with JPEG shrink-on-load when the caller's minimum size allows ({@link #jpegShrink}), turned upright by
 * EXIF (Loupe's own reader for the formats it knows, {@code vips_autorot} for the others), from an embedded ICC profile to sRGB ({@code vips_icc_transform}), to 8-bit sRGB
 * ({@code vips_colourspace}, {@code vips_cast}); alpha is composited over white here, as {@link BufferedImages}
 * does.
 *
 * <p>Loaders run with {@code fail_on=truncated}: by default libvips paints the missing part of a truncated file
 * grey and succeeds, where Loupe wants the named reason.
 */
public final class VipsDecoder implements ImageDecoder {
  /**
   * libvips loaders Loupe hands bytes to, by the type name vips_foreign_find_load_buffer returns (PNG is read by
   * libspng or libpng depending on the build).
   */
  static final Set<String> LOADERS = Set.of("VipsForeignLoadJpegBuffer", "VipsForeignLoadPngBuffer",
      "VipsForeignLoadSpngBuffer", "VipsForeignLoadWebpBuffer", "VipsForeignLoadTiffBuffer",
      "VipsForeignLoadNsgifBuffer", "VipsForeignLoadHeifBuffer", "VipsForeignLoadJxlBuffer");

  /** Formats only this decoder reads, named as {@link ImageFormat#unsupportedName} names them. */
  static final Set<String> NATIVE_ONLY = Set.of("heif", "avif", "jpegxl");

  private final LibVips lib;
  private final String version;

  VipsDecoder(LibVips.Availability vips) {
    if (!vips.available()) throw new IllegalArgumentException(vips.problem());
    this.lib = vips.lib();
    this.version = vips.version();
  }

  @Override
  public String name() {
    return "vips";
  }

  @Override
  public String description() {
    return "vips (libvips " + version + ")";
  }

  @Override
  public DecodedImage read(byte[] bytes, String nameForMessages, DecodeOptions options)
      throws ImageDecodeException {
    try {
      return decode(bytes, nameForMessages, options);
    } catch (ImageDecodeException e) {
      // libpng and others report running out of data as a generic read error; the container says it ended early.
      ImageFormat known = ImageFormat.known(bytes);
      if (e.kind() == Kind.CORRUPT && known != null && ContainerEnd.endMissing(bytes, known)) {
        throw new ImageDecodeException(Kind.TRUNCATED, e.source(), e.getMessage().replaceFirst("^corrupt ",
            "truncated "), e);
      }
      throw e;
    } catch (OutOfMemoryError e) {
      // As on the ImageIO path: the failed allocation is this image's raster, released with it, and one oversized
      // file must not stop a batch. The pixel limit makes this rare.
      throw new ImageDecodeException(Kind.TOO_LARGE, nameForMessages == null ? "<bytes>" : nameForMessages,
          "too large: out of memory while decoding", e);
    }
  }

  private DecodedImage decode(byte[] bytes, String nameForMessages, DecodeOptions options)
      throws ImageDecodeException {
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(options, "options");
    String source = nameForMessages == null ? "<bytes>" : nameForMessages;
    String format = checkedFormat(bytes, source);
    String what = format.toUpperCase(Locale.ROOT);
    ImageFormat known = ImageFormat.known(bytes);
    // For the formats Loupe knows, its own EXIF reader decides the orientation, as on the ImageIO path: libwebp
    // ignores an EXIF chunk without a VP8X header, where Loupe (and browsers) apply it. HEIF, AVIF and JPEG XL
    // are left to libvips' vips_autorot.
    Orientation orientation = known == null ? null : ExifOrientation.read(bytes, known);
    try (Arena arena = Arena.ofConfined()) {
      // The bytes Loupe read and bounds-checked are exactly what libvips decodes; they must outlive every image
      // made from them (libvips does not copy a buffer it loads from), hence one arena around the whole decode.
      MemorySegment buffer = arena.allocate(bytes.length);
      MemorySegment.copy(bytes, 0, buffer, JAVA_BYTE, 0, bytes.length);
      String loader = lib.findLoader(buffer);
      if (loader == null) {
        throw new ImageDecodeException(Kind.UNSUPPORTED, source, "unsupported " + what + " (libvips: "
            + lib.takeError() + ")");
      }
      if (!LOADERS.contains(loader)) {
        throw new ImageDecodeException(Kind.UNSUPPORTED, source, "unsupported " + what + " (libvips loader "
            + loader + " is not one Loupe uses)");
      }
      MemorySegment loadOptions = arena.allocateFrom("fail_on=truncated");
      Header header = header(buffer, loadOptions, orientation, what, source);
      Prechecks.checkPixelLimit(header.width, header.height, options, source);
      if (known == ImageFormat.JPEG && header.bands == 4 && !header.iccProfile) {
        // CMYK/YCCK without a profile: libvips converts with a press profile, ImageIO (BufferedImages) with the
        // plain inversion that such files (Photoshop's "Adobe" CMYK) are usually made with; 8 levels apart on
        // ImageDecoderFormatsTest's files. Left to ImageIO, so that auto keeps Loupe's established colours.
        throw new ImageDecodeException(Kind.UNSUPPORTED, source,
            "unsupported JPEG (CMYK without a colour profile; decoded by imageio under --decoder auto)");
      }
      int uprightW = header.swapsAxes ? header.height : header.width;
      int uprightH = header.swapsAxes ? header.width : header.height;
      int shrink = loader.equals("VipsForeignLoadJpegBuffer") ? jpegShrink(Math.min(uprightW, uprightH), options) : 1;
      // Sequential access when Loupe rotates (every step after the loader then streams): libvips decodes strip by
      // strip into the one output buffer, where random access would first decode the whole image into memory,
      // or into a temporary file above its 100 MB threshold. vips_autorot needs random access.
      String access = orientation != null ? ",access=sequential" : "";
      MemorySegment pixelOptions = arena.allocateFrom("fail_on=truncated" + access
          + (shrink == 1 ? "" : ",shrink=" + shrink));
      RgbImage image = pixels(buffer, pixelOptions, orientation == null, what, source, arena);
      if (orientation != null) image = orientation.apply(image);
      if (image.width() > uprightW || image.height() > uprightH) {
        throw new ImageDecodeException(Kind.CORRUPT, source, "corrupt " + what + " (libvips decoded "
            + image.width() + "x" + image.height() + " from a header of " + uprightW + "x" + uprightH + ")");
      }
      return new DecodedImage(image, uprightW, uprightH, format);
    }
  }

  /** Loupe's format checks; the format's label. Unknown bytes get the reasons ImageIO's path gives them. */
  private static String checkedFormat(byte[] bytes, String source) throws ImageDecodeException {
    if (bytes.length == 0) throw new ImageDecodeException(Kind.EMPTY, source, "empty file");
    ImageFormat known = ImageFormat.known(bytes);
    if (known != null) {
      Prechecks.checkStructure(bytes, known, source);
      return known.label();
    }
    String other = ImageFormat.unsupportedName(bytes);
    if (other != null && NATIVE_ONLY.contains(other)) return other;
    throw new AssertionError(ImageFormat.sniff(bytes, source)); // sniff throws for every other case
  }

  private record Header(int width, int height, boolean swapsAxes, int bands, boolean iccProfile) {}

  private Header header(MemorySegment buffer, MemorySegment loadOptions, Orientation orientation, String what,
      String source) throws ImageDecodeException {
    MemorySegment image = lib.newFromBuffer(buffer, loadOptions);
    if (image.equals(MemorySegment.NULL)) throw failure(what, source);
    try {
      // EXIF orientations 5..8 are transposes: the upright image has width and height swapped.
      int exif = lib.intField(image, "orientation", 1);
      boolean swaps = orientation != null ? orientation.swapsAxes() : exif >= 5 && exif <= 8;
      return new Header(lib.width(image), lib.height(image), swaps, lib.bands(image), lib.hasIccProfile(image));
    } finally {
      lib.unref(image);
    }
  }

  /**
   * The JPEG loader's shrink-on-load factor (1, 2, 4 or 8: libjpeg scales in the DCT domain, nearly for free):
   * the largest that keeps the shorter side at least {@code 2 * minShorterSide}, as
   * {@link DecodeOptions#subsamplingStep} does for ImageIO. The resize to the embedder's input stays Loupe's.
   *
   * <p>Not {@code vips_thumbnail}: it finishes the resize itself with a Lanczos kernel, sharper than the
   * Pillow-style antialiased resize Loupe applies next; measured on 4x enlarged caltech20 photos, that two-kernel
   * path moved one embedding to cosine 0.983 with the exact path, where DCT scaling followed by Loupe's resize
   * stays above 0.99 (docs/native-decoding.md).
   */
  static int jpegShrink(int shorterSide, DecodeOptions options) {
    int m = options.minShorterSide();
    if (m == 0) return 1;
    int shrink = 1;
    while (shrink < 8 && shorterSide / (shrink * 2) >= 2 * m) shrink *= 2;
    return shrink;
  }

  private RgbImage pixels(MemorySegment buffer, MemorySegment loadOptions, boolean autorotate, String what,
      String source, Arena arena) throws ImageDecodeException {
    // Every image made on the way is released in the finally block, in reverse order; NULL entries are skipped.
    MemorySegment[] chain = new MemorySegment[5];
    MemorySegment data = MemorySegment.NULL;
    try {
      MemorySegment loaded = chain[0] = lib.newFromBuffer(buffer, loadOptions);
      if (loaded.equals(MemorySegment.NULL)) throw failure(what, source);
      MemorySegment upright = loaded;
      if (autorotate) {
        upright = chain[1] = lib.autorot(loaded, arena);
        if (upright.equals(MemorySegment.NULL)) throw failure(what, source);
      }
      if (lib.hasIccProfile(upright)) {
        // Only with a profile: without one the pixels are taken as sRGB already, as ImageIO and Pillow take them.
        upright = chain[2] = lib.iccToSrgb(upright, arena);
        if (upright.equals(MemorySegment.NULL)) throw failure(what, source);
      }
      MemorySegment srgb = chain[3] = lib.toSrgb(upright, arena);
      if (srgb.equals(MemorySegment.NULL)) throw failure(what, source);
      MemorySegment bytes = chain[4] = lib.toUchar(srgb, arena);
      if (bytes.equals(MemorySegment.NULL)) throw failure(what, source);
      int w = lib.width(bytes);
      int h = lib.height(bytes);
      int bands = lib.bands(bytes);
      if (bands < 3) {
        throw new ImageDecodeException(Kind.UNSUPPORTED, source, "unsupported " + what + " (" + bands
            + " bands after conversion to sRGB)");
      }
      // Pixels are decoded here: the pipeline above is lazy.
      data = lib.writeToMemory(bytes, (long) w * h * bands, arena);
      if (data.equals(MemorySegment.NULL)) throw failure(what, source);
      return new RgbImage(w, h, rgbOverWhite(data, w, h, bands));
    } catch (IllegalStateException e) {
      throw new ImageDecodeException(Kind.CORRUPT, source, "corrupt " + what + " (" + e.getMessage() + ")", e);
    } finally {
      lib.free(data);
      for (int i = chain.length - 1; i >= 0; i--) lib.unref(chain[i]);
    }
  }

  /** Band-interleaved 8-bit pixels to RGB; a fourth band is alpha, composited over white. Extra bands dropped. */
  static byte[] rgbOverWhite(MemorySegment data, int w, int h, int bands) {
    byte[] src = data.toArray(JAVA_BYTE);
    if (bands == 3) return src; // already RGB: the copy out of native memory is the raster
    int n = Math.multiplyExact(w, h);
    byte[] out = new byte[Math.multiplyExact(3, n)];
    for (int i = 0, s = 0, o = 0; i < n; i++, s += bands, o += 3) {
      int a = src[s + 3] & 0xFF;
      for (int c = 0; c < 3; c++) {
        // v*a + 255*(1-a), rounded: the same compositing as BufferedImages does for ImageIO.
        out[o + c] = (byte) (((src[s + c] & 0xFF) * a + 255 * (255 - a) + 127) / 255);
      }
    }
    return out;
  }

  /** The failed call's libvips error as a named reason: truncated when libvips says the data ran out. */
  private ImageDecodeException failure(String what, String source) {
    String error = lib.takeError();
    String lower = error.toLowerCase(Locale.ROOT);
    boolean truncated = lower.contains("truncated") || lower.contains("premature end")
        || lower.contains("unexpected end") || lower.contains("out of data") || lower.contains("end of file");
    return new ImageDecodeException(truncated ? Kind.TRUNCATED : Kind.CORRUPT, source,
        (truncated ? "truncated " : "corrupt ") + what + " (libvips: " + error + ")");
  }
}
