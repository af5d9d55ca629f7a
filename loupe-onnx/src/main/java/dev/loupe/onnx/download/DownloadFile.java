package dev.loupe.onnx.download;

import java.net.URI;
import java.nio.file.Path;

/**
 * One file to download: where it comes from and what it must be. Both the size and the SHA-256 are required, so a
 * download can never be accepted unchecked.
 *
 * @param file path relative to the model directory it is downloaded into (may contain '/')
 * @param url where to fetch it, pinned to a fixed revision
 * @param size exact size in bytes
 * @param sha256 expected SHA-256, 64 lowercase hex digits
 */
public record DownloadFile(String file, URI url, long size, String sha256) {
  public DownloadFile {
    if (file == null || file.isBlank()) throw new IllegalArgumentException("file is required");
    Path p = Path.of(file);
    // A catalogue entry must not write outside the model directory it is pulled into.
    if (p.isAbsolute() || p.normalize().startsWith("..") || !p.normalize().equals(p)) {
      throw new IllegalArgumentException("file must be a plain relative path, got: " + file);
    }
    if (url == null || !(("https".equals(url.getScheme()) || "http".equals(url.getScheme())))) {
      throw new IllegalArgumentException("url must be http(s), got: " + url + " (file " + file + ")");
    }
    if (size < 1) throw new IllegalArgumentException("size must be positive, got: " + size + " (file " + file + ")");
    if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits, got: " + sha256 + " (file " + file + ")");
    }
  }

  /** Where this file lives in a model directory. */
  public Path in(Path directory) {
    return directory.resolve(file);
  }
}
