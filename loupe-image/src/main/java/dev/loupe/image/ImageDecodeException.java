package dev.loupe.image;

import java.util.Objects;

/**
 * An image file that could not be decoded. {@link #getMessage()} is a short one-line reason meant for
 * {@code "skipped <file>: <reason>"}; {@link #kind()} lets callers count failures by cause.
 */
public final class ImageDecodeException extends Exception {

  /** Why decoding failed, coarsely. */
  public enum Kind {
    /** The file has no bytes. */
    EMPTY,
    /** The bytes are not a format we recognise as an image. */
    NOT_IMAGE,
    /** A recognised image format (or variant) that no installed reader decodes. */
    UNSUPPORTED,
    /** The header declares more pixels than {@link DecodeOptions#maxPixels()} allows. */
    TOO_LARGE,
    /** The data ends early. */
    TRUNCATED,
    /** The data is damaged. */
    CORRUPT,
    /** The file could not be read at all (missing, permissions, I/O error). */
    UNREADABLE
  }

  private final Kind kind;
  private final String source;

  public ImageDecodeException(Kind kind, String source, String reason) {
    this(kind, source, reason, null);
  }

  public ImageDecodeException(Kind kind, String source, String reason, Throwable cause) {
    super(oneLine(reason), cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.source = source == null ? "<bytes>" : source;
  }

  public Kind kind() {
    return kind;
  }

  /** The file name or label the bytes came from. */
  public String source() {
    return source;
  }

  /** The short reason, same as {@link #getMessage()}. */
  public String reason() {
    return getMessage();
  }

  // Reasons end up on one log line per skipped file; reader messages sometimes carry newlines or pages of text.
  static String oneLine(String text) {
    if (text == null || text.isBlank()) return "unknown error";
    String flat = text.replaceAll("\\s+", " ").trim();
    return flat.length() <= 160 ? flat : flat.substring(0, 157) + "...";
  }
}
