package dev.loupe.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

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

  /**
   * JSON escapes for the same characters. Jackson already escapes C0 controls (a line break stays inside its
   * JSON line), but writes DEL, C1 controls (such as CSI, U+009B, which some terminals obey) and bidirectional
   * overrides as they are; piped to a terminal, {@code loupe search -f jsonl} would pass them on.
   */
  static final class JsonEscapes extends CharacterEscapes {
    private final int[] ascii = standardAsciiEscapesForJSON();

    JsonEscapes() {
      ascii[0x7F] = ESCAPE_CUSTOM;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int c) {
      return needsEscape(c) ? new SerializedString(String.format("\\u%04x", c)) : null;
    }
  }

  /** A JSON factory whose output never carries a raw control character. */
  static JsonFactory jsonFactory() {
    return new JsonFactoryBuilder().characterEscapes(new JsonEscapes()).build();
  }

  private static boolean needsEscape(int c) {
    return Character.isISOControl(c) // C0, DEL and C1 controls (ESC, CSI, NEL...)
        || c == 0x2028 || c == 0x2029 // line and paragraph separators
        || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069); // bidi overrides reorder a line
  }
}
