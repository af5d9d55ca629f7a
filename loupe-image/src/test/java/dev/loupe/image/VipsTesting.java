package dev.loupe.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Test helpers for the native path: the loaded library, and files written by libvips' own savers. */
final class VipsTesting {
  private VipsTesting() {}

  static LibVips lib() {
    LibVips.Availability a = LibVips.load();
    if (!a.available()) {
      throw new IllegalStateException("these tests need libvips (scripts/system-deps installs it): " + a.problem());
    }
    return a.lib();
  }

  static VipsDecoder decoder() {
    return new VipsDecoder(LibVips.load());
  }

  /**
   * {@code input} converted by the {@code vips} command (libvips-tools) to {@code name}'s format (its extension,
   * plus libvips save options in brackets); the few-KB fixtures of HEIC, AVIF and JPEG XL are made here, at test
   * time, from real photos, rather than committed.
   */
  static byte[] convert(Path input, Path dir, String name) throws IOException, InterruptedException {
    Path out = dir.resolve(name.replaceAll("\\[.*", ""));
    Process p = new ProcessBuilder("vips", "copy", input.toString(), dir.resolve(name).toString())
        .redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("vips copy " + input + " " + name + " failed: " + log);
    }
    return Files.readAllBytes(out);
  }
}
