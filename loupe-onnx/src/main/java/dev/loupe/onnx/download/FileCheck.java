package dev.loupe.onnx.download;

import dev.loupe.core.io.Checksums;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Size and SHA-256 checks of a file against what its catalogue entry pins. */
public final class FileCheck {
  private FileCheck() {}

  /** The problem with {@code path} as a copy of {@code expected}, or empty when size and SHA-256 both match. */
  public static Optional<String> problem(Path path, DownloadFile expected) throws IOException {
    long size = Files.size(path);
    // Size first: it is free, and a wrong size makes hashing hundreds of megabytes pointless.
    if (size != expected.size()) {
      return Optional.of("size mismatch: expected " + expected.size() + " bytes, got " + size);
    }
    String sha = Checksums.sha256(path);
    if (!sha.equals(expected.sha256())) {
      return Optional.of("checksum mismatch: expected SHA-256 " + expected.sha256() + ", got " + sha);
    }
    return Optional.empty();
  }
}
