package dev.loupe.image;

import java.util.Locale;
import java.util.Objects;

/**
 * The process's decoder behind {@link ImageDecoder#active()}: resolved once, on first use, from the system
 * property {@code loupe.decoder}, else the environment variable {@code LOUPE_DECODER}, else {@code auto}. A
 * holder class rather than a mutable static, so the choice is immutable once made and libvips is probed only by
 * processes that decode.
 */
final class ActiveDecoder {
  private ActiveDecoder() {}

  /** {@link ImageDecoder#forName} given what the libvips probe found (a parameter, so tests can say "missing"). */
  static ImageDecoder forName(String name, LibVips.Availability vips) {
    Objects.requireNonNull(name, "name");
    return switch (name.strip().toLowerCase(Locale.ROOT)) {
      case "imageio" -> ImageIoDecoder.INSTANCE;
      case "vips" -> {
        if (!vips.available()) {
          throw new IllegalArgumentException("decoder 'vips' is not usable: " + vips.problem()
              + "; or choose the decoder 'imageio' (or 'auto', which falls back to it)");
        }
        yield new VipsDecoder(vips);
      }
      case "auto" -> vips.available()
          ? new FallbackDecoder(new VipsDecoder(vips), ImageIoDecoder.INSTANCE)
          : new ImageIoOnly(vips.problem());
      default -> throw new IllegalArgumentException("unknown decoder '" + name + "': expected "
          + ImageDecoder.NAMES + " (--decoder, system property loupe.decoder, environment LOUPE_DECODER)");
    };
  }

  /** The name asked for, as the system property or environment gives it. */
  static String requestedName() {
    String name = System.getProperty("loupe.decoder");
    if (name == null || name.isBlank()) name = System.getenv("LOUPE_DECODER");
    return name == null || name.isBlank() ? "auto" : name;
  }

  private static final class Holder {
    static final ImageDecoder DECODER;
    static final IllegalArgumentException PROBLEM;

    static {
      ImageDecoder decoder = null;
      IllegalArgumentException problem = null;
      try {
        decoder = ImageDecoder.forName(requestedName());
      } catch (IllegalArgumentException e) {
        problem = e;
      }
      DECODER = decoder;
      PROBLEM = problem;
    }
  }

  static ImageDecoder get() {
    if (Holder.PROBLEM != null) throw new IllegalArgumentException(Holder.PROBLEM.getMessage(), Holder.PROBLEM);
    return Holder.DECODER;
  }
}
