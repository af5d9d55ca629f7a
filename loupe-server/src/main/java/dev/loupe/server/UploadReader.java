package dev.loupe.server;

import dev.loupe.image.ImageDecodeException;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads an uploaded image into memory, within the body bound, and turns decoder refusals into client errors.
 * Nothing is written to disk here: Jetty keeps multipart parts in memory up to the body bound (see
 * {@code LoupeServer}), and the decoder reads bytes.
 */
final class UploadReader {
  private final ServerOptions options;

  UploadReader(ServerOptions options) {
    this.options = options;
  }

  byte[] read(UploadedFile file) throws IOException {
    if (file.size() > options.maxBodyBytes()) throw tooLarge(file.size());
    try (InputStream in = file.content()) {
      return readBounded(in);
    }
  }

  /** A request body read whole, within the body bound (a declared or actual length over it is refused). */
  byte[] readBody(io.javalin.http.Context ctx) throws IOException {
    long declared = ctx.req().getContentLengthLong();
    if (declared > options.maxBodyBytes()) throw tooLarge(declared);
    try (InputStream in = ctx.bodyInputStream()) {
      return readBounded(in);
    }
  }

  /** At most one byte over the bound is read: enough to know the stream is over it. */
  private byte[] readBounded(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, options.maxBodyBytes() + 1));
    if (bytes.length > options.maxBodyBytes()) throw tooLarge(bytes.length);
    return bytes;
  }

  private ApiError tooLarge(long size) {
    return ApiError.bound(413, "max_body_bytes", options.maxBodyBytes(),
        "the body is " + size + " bytes, over the bound of " + options.maxBodyBytes() + " (--max-body-bytes)");
  }

  /** A decoder refusal as the client's error: 413 naming the pixel bound for a bomb, else 400 with the reason. */
  static ApiError refused(ImageDecodeException e, ServerOptions options) {
    if (e.kind() == ImageDecodeException.Kind.TOO_LARGE) {
      return ApiError.bound(413, "max_pixels", options.maxPixels(), "cannot use the image: " + e.reason() + " (--max-pixels)");
    }
    return ApiError.of(400, "cannot read the image: " + e.reason());
  }
}
