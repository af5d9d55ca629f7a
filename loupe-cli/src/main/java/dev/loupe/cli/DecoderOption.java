package dev.loupe.cli;

import dev.loupe.image.ImageDecoder;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code --decoder auto|imageio|vips}, inherited by every subcommand: which image decoder this process uses
 * ({@link ImageDecoder#forName}). Loupe's decoding goes through {@link ImageDecoder#active()}, chosen once per
 * process from the system property {@code loupe.decoder}; the option sets that property before anything is
 * decoded, and refuses a name that cannot be used here (exit 2, with the fix).
 */
final class DecoderOption {
  @Spec(Spec.Target.MIXEE) CommandSpec spec;

  @Option(names = "--decoder", paramLabel = "NAME", scope = ScopeType.INHERIT,
      description = "Image decoder: auto (libvips when installed and new enough, ImageIO for the rest; default),"
          + " imageio or vips. Also LOUPE_DECODER.")
  void setDecoder(String name) {
    ImageDecoder requested;
    try {
      requested = ImageDecoder.forName(name);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--decoder: " + e.getMessage());
    }
    System.setProperty("loupe.decoder", name.strip());
    String active = ImageDecoder.active().name();
    if (!active.equals(requested.name())) {
      // Only inside one JVM running several commands (tests): the process's decoder was chosen before.
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--decoder: this process already decodes with '" + active + "'");
    }
  }

  /** The active decoder's one-line description, or why the requested one cannot be used. */
  static String describeActive() {
    try {
      return ImageDecoder.active().description();
    } catch (IllegalArgumentException e) {
      return "unusable: " + e.getMessage();
    }
  }
}
