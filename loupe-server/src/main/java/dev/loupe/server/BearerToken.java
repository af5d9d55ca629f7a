package dev.loupe.server;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Checks {@code Authorization: Bearer TOKEN} against the token the server was started with. The comparison takes
 * the same time whatever the guess, so a client cannot find the token byte by byte from response times.
 */
final class BearerToken {
  private final byte[] token;

  /** @param token null: no token was given, so requests that need one are refused */
  BearerToken(String token) {
    this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
  }

  /** Refuses the request unless it carries the token; {@code what} says what needs it, for the error. */
  void require(Context ctx, String what) {
    if (token == null) {
      throw ApiError.of(403, what + " are off: start the server with --token-file to allow them");
    }
    String header = ctx.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw ApiError.of(401, what + " need a bearer token (Authorization: Bearer TOKEN)")
          .withHeader("WWW-Authenticate", "Bearer");
    }
    byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(given, token)) throw ApiError.of(403, "wrong bearer token");
  }
}
