package dev.loupe.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of files and bytes: pins model files and identifies image contents. */
public final class Checksums {
  private Checksums() {}

  public static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(digest().digest(bytes));
  }

  public static String sha256(Path file) throws IOException {
    MessageDigest md = digest();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** Length of the SHA-256 trailer {@link #seal} appends. */
  public static final int SEAL_BYTES = 32;

  /**
   * The bytes of a file Loupe writes and must trust when read back (trained towers, projections): the body
   * followed by its SHA-256, so a torn or altered file is refused instead of read as weights.
   */
  public static byte[] seal(byte[] body) {
    byte[] all = java.util.Arrays.copyOf(body, body.length + SEAL_BYTES);
    System.arraycopy(digest().digest(body), 0, all, body.length, SEAL_BYTES);
    return all;
  }

  /**
   * The body of {@link #seal}ed bytes.
   *
   * @param minBody the shortest body the format allows
   * @throws IllegalArgumentException with the reason (too short, checksum mismatch), for the caller to name the file
   */
  public static byte[] unseal(byte[] all, int minBody) {
    if (all.length < SEAL_BYTES + minBody) throw new IllegalArgumentException("too short (" + all.length + " bytes)");
    byte[] body = java.util.Arrays.copyOf(all, all.length - SEAL_BYTES);
    byte[] sum = digest().digest(body);
    if (!MessageDigest.isEqual(sum, java.util.Arrays.copyOfRange(all, body.length, all.length))) {
      throw new IllegalArgumentException("checksum mismatch");
    }
    return body;
  }

  /**
   * The body of a {@link #seal}ed file Loupe wrote, or empty when there is no such file.
   *
   * @param damaged makes the exception for a file that is there but cannot be trusted, from the reason
   */
  public static java.util.Optional<byte[]> readSealed(Path file, int minBody,
      java.util.function.Function<String, ? extends RuntimeException> damaged) throws IOException {
    byte[] all;
    try {
      all = Files.readAllBytes(file);
    } catch (java.nio.file.NoSuchFileException e) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(unseal(all, minBody));
    } catch (IllegalArgumentException e) {
      throw damaged.apply(e.getMessage());
    }
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
