package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code --decoder} and the decoder line of {@code loupe --version} (libvips42 is installed for the tests). */
class DecoderOptionTest {

  @Test
  void versionSaysWhichDecoderIsActive() {
    CliTest.Run r = CliTest.loupe("--version");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().lines().anyMatch(l -> l.matches("decoder vips \\(libvips 8\\.\\d+\\.\\d+\\), falling back to"
        + " imageio")), r.out());
  }

  @Test
  void unknownDecoderIsAUsageErrorNamingTheChoices() {
    CliTest.Run r = CliTest.loupe("info", "--decoder", "pillow", "-i", "x.idx");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--decoder: unknown decoder 'pillow': expected auto, imageio or vips"), r.err());
  }

  @Test
  void theActiveDecoderIsAccepted() {
    CliTest.Run r = CliTest.loupe("--decoder", "auto", "--version");
    assertEquals(0, r.code(), r.err());
  }
}
