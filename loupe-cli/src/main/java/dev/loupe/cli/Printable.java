package dev.loupe.cli;

import com.fasterxml.jackson.core.JsonFactory;
import dev.loupe.engine.query.HitJson;

/**
 * Makes text from the outside world (file names, ids, metadata, error messages) safe to print on a terminal.
 *
 * <p>A file may be named {@code "evil\nskipped x: fake.jpg"}: printed raw, it forges a line of Loupe's own
 * output; an escape character ({@code \x1b}) could drive the terminal. Every human-readable line that shows such
 * text goes through {@link #escape}. JSON output needs nothing: Jackson escapes control characters itself.
 */
final class Printable {
  private Printable() {}

  /**
   * The text with each control character (C0, DEL, C1), line or paragraph separator and bidirectional override
   * written as a visible escape: {@code \n}, {@code \r}, {@code \t}, {@code \x1b}, and U+202E as a backslash,
   * 'u' and four hex digits. Other text, including every printable non-ASCII letter, is unchanged. Backslashes
   * stay as they are: the output is for reading, not for parsing back (JSON output is for that).
   */
  static String escape(Object value) {
    String s = String.valueOf(value);
    if (s.codePoints().noneMatch(Printable::needsEscape)) return s;
    StringBuilder sb = new StringBuilder(s.length() + 8);
    s.codePoints().forEach(c -> {
      if (!needsEscape(c)) {
        sb.appendCodePoint(c);
      } else if (c == '\n') {
        sb.append("\\n");
      } else if (c == '\r') {
        sb.append("\\r");
      } else if (c == '\t') {
        sb.append("\\t");
      } else if (c <= 0xFF) {
        sb.append(String.format("\\x%02x", c));
      } else {
        sb.append(String.format("\\u%04x", c));
      }
    });
    return sb.toString();
  }

  /** A JSON factory whose output never carries a raw control character (the one {@link HitJson} uses). */
  static JsonFactory jsonFactory() {
    return HitJson.jsonFactory();
  }

  private static boolean needsEscape(int c) {
    return HitJson.needsEscape(c);
  }
}
